// swift-tools-version: 6.1
//
// tracuu — full-text search over Vietnamese foreign-affairs news.
//
// Module graph (A ← B means B may import A, never the reverse):
//
//   CLibXML2, CICU, CZlib, CIsal, CZstd   (system libraries: link flags only)
//     ← CTracuuHTML, CTracuuICU, CTracuuZlib, CTracuuZstd   (C shims: our own prefixed functions only)
//   CTracuuCRC                 (C: CRC-32C with the CPU instruction; wrapped by TracuuCore)
//   CTracuuUTF8                (C: vector passes over UTF-8, validation and word bytes; wrapped by TracuuCore)
//   CTracuuHTTP                (C: HTTP(S) GET via libcurl, dlopen'ed on first use; used by TracuuIngest)
//   CTracuuVarint              (C: a postings block's varints decoded in one call; used by TracuuStore)
//   TracuuCore                 (value types shared by everything; zlib, zstd, CRC-32C, UTF-8 checks)
//     ← TracuuText             (ICU face: normalization, charsets)
//     ← TracuuAnalysis         (tokens, terms, fold keys, matching tiers)
//     ← TracuuIngest           (HTML/text/JSONL → Article)
//   TracuuStore                (on-disk index; knows bytes, never the analyzer)
//     ← TracuuQuery            (query language, TF-IDF, execution, snippets)
//     ← TracuuEngine           (indexing pipeline, searcher, output formats)
//     ← TracuuServer           (JSON API and search page on Hummingbird)
//     ← tracuu-serve           (the server program `tracuu serve` execs)
//   TracuuEngine ← tracuu      (the command line; never links the server stack)
//
// The modules the command line links import FoundationEssentials, never
// Foundation: one use of the rest (NSLock, Thread, String(format:),
// JSONSerialization, FileHandle, …) links all of Foundation and its ICU
// data: a binary of 83 MB instead of 34, and half again as many protocol
// conformances for the Swift runtime to scan while every search process
// starts. TracuuCore has the few replacements (Lock, Condition, Threads,
// NumberText, trimmed()); CLIContractTests checks the imports.
import PackageDescription

/// See the note above TracuuCore. Concrete generic types' metadata is
/// reached through accessors, not through mangled names: resolving a
/// mangled name had the Swift runtime look up each conformance it requires
/// by scanning every conformance record in the binary, once per type and
/// process, 0.4 ms of the first searches of every batch (and of every
/// `tracuu search` process). The binary is 34 KB larger.
let fastLoops: [SwiftSetting] = [
    .unsafeFlags(
        ["-enforce-exclusivity=unchecked", "-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"],
        .when(configuration: .release))
]

let package = Package(
    name: "tracuu",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tracuu", targets: ["tracuu"]),
        .executable(name: "tracuu-serve", targets: ["tracuu-serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // System libraries. Their module maps only carry link flags; no Swift
        // file ever sees a libxml2 or ICU header (see CTracuuHTML/CTracuuICU).
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CICU", path: "Sources/CICU", pkgConfig: "icu-i18n",
            providers: [.apt(["libicu-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CIsal", path: "Sources/CIsal", pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"])]),
        .systemLibrary(
            name: "CZstd", path: "Sources/CZstd", pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]),

        // C shims: public headers include only <stdint.h>/<stddef.h>.
        .target(name: "CTracuuHTML", dependencies: ["CLibXML2"]),
        .target(name: "CTracuuICU", dependencies: ["CICU"]),
        .target(name: "CTracuuZlib", dependencies: ["CZlib", "CIsal"]),
        .target(name: "CTracuuZstd", dependencies: ["CZstd"]),
        // CRC-32C with the CPU's instruction: plain C, no library.
        .target(name: "CTracuuCRC"),
        // UTF-8 validation sixteen bytes at a time (SSSE3): plain C, no library.
        .target(name: "CTracuuUTF8"),
        // HTTP(S) through libcurl, loaded with dlopen on first use: plain C.
        .target(name: "CTracuuHTTP"),
        // The postings' varint streams, a block per call: plain C, no library.
        .target(name: "CTracuuVarint"),
        // sync_file_range, which Swift's Glibc module leaves out: plain C.
        .target(name: "CTracuuFile"),
        // The spin-wait hint of a searcher's helper thread (`Threads.relax`).
        .target(name: "CTracuuCPU"),

        // The hot loops (tokenizing, postings, scoring) live in classes whose
        // stored properties Swift checks for exclusive access at run time:
        // measured at 40 % of a query's time. Release builds of these targets
        // drop the run-time check; debug builds, which the tests run, keep it,
        // so a real overlapping access still fails there.
        // TracuuCore wraps zlib (gzip streams), zstd (block compression),
        // CRC-32C, UTF-8 validation and file writeback because the store
        // and the ingester need them and neither may import a C shim.
        .target(name: "TracuuCore", dependencies: ["CTracuuZlib", "CTracuuZstd", "CTracuuCRC", "CTracuuUTF8", "CTracuuFile", "CTracuuCPU"], swiftSettings: fastLoops),
        .target(name: "TracuuText", dependencies: ["TracuuCore", "CTracuuICU"]),
        .target(
            name: "TracuuAnalysis", dependencies: ["TracuuCore", "TracuuText"],
            resources: [.embedInCode("Resources/aliases.tsv")], swiftSettings: fastLoops),
        .target(name: "TracuuIngest", dependencies: ["TracuuCore", "TracuuText", "CTracuuHTML", "CTracuuHTTP"]),
        .target(
            name: "TracuuStore", dependencies: ["TracuuCore", "CTracuuVarint"],
            exclude: ["FORMAT.md"], swiftSettings: fastLoops),
        .target(
            name: "TracuuQuery", dependencies: ["TracuuCore", "TracuuAnalysis", "TracuuStore"], swiftSettings: fastLoops),
        .target(
            name: "TracuuEngine",
            dependencies: ["TracuuCore", "TracuuText", "TracuuAnalysis", "TracuuIngest", "TracuuStore", "TracuuQuery"]),
        // The HTTP face of the engine. Only this target and its tests see
        // Hummingbird; the engine stays a plain library.
        .target(
            name: "TracuuServer",
            dependencies: [
                "TracuuCore", "TracuuQuery", "TracuuEngine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        // jemalloc replaces glibc's malloc in the command: page extraction
        // builds and frees a libxml2 tree per page on every core, where it
        // measured 10 % faster; indexing and search are unchanged (bench/).
        .executableTarget(
            name: "tracuu",
            dependencies: [
                "TracuuCore", "TracuuEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]),
        // The server behind `tracuu serve`, which checks the options and
        // execs it: kept out of `tracuu` so that a search process does not
        // load the server stack (see Sources/tracuu-serve/main.swift).
        .executableTarget(
            name: "tracuu-serve",
            dependencies: ["TracuuServer", .product(name: "Logging", package: "swift-log")]),

        // Benchmarks, run by bench/run in release mode. Standard-library
        // clocks only, so the main build needs no benchmark framework.
        .executableTarget(
            name: "tracuu-bench",
            dependencies: [
                "TracuuCore", "TracuuAnalysis", "TracuuIngest", "TracuuStore", "TracuuQuery", "TracuuEngine",
                "CTracuuVarint",
            ],
            path: "Sources/TracuuBench"),

        .target(name: "TracuuTestSupport", path: "Tests/TracuuTestSupport"),
        .testTarget(
            name: "TracuuTextTests", dependencies: ["TracuuText", "TracuuTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "TracuuAnalysisTests", dependencies: ["TracuuAnalysis", "TracuuText", "TracuuTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "TracuuIngestTests", dependencies: ["TracuuIngest", "TracuuCore", "TracuuTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "TracuuStoreTests", dependencies: ["TracuuStore", "TracuuTestSupport"]),
        .testTarget(
            name: "TracuuQueryTests", dependencies: ["TracuuQuery", "TracuuAnalysis", "TracuuStore", "TracuuTestSupport"]),
        .testTarget(name: "TracuuEngineTests", dependencies: ["TracuuEngine", "TracuuTestSupport"]),
        .testTarget(
            name: "TracuuServerTests",
            dependencies: [
                "TracuuServer", "TracuuEngine", "TracuuTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "TracuuCLITests", dependencies: ["TracuuTestSupport"]),
    ]
)
