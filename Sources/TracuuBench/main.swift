import Foundation
import TracuuAnalysis
import TracuuCore

/// tracuu-bench: measurements that live outside the test suite (timings are
/// never asserted in tests). Each subcommand prints its figures, the median
/// of several runs first, because the machines are shared and noisy.
///
///     tracuu-bench analyzer CORPUS.jsonl[.gz] [--runs N] [--limit DOCS] [--pairs]
///     tracuu-bench postings INDEX [--runs N]
///     tracuu-bench republications CORPUS.jsonl[.gz] [--pairs N]
///     tracuu-bench startup INDEX QUERY
///
/// `analyzer`: single-thread throughput of the analyzer as indexing runs it
/// (tokenize, normalize, aggregate positions per term; with --pairs, count
/// syllable pairs too) over the corpus's titles and
/// bodies, in MB of UTF-8 text per second; a fresh analyzer each run, so its
/// token cache starts cold as it does when indexing.
///
/// `postings`: varint doc codes against bit-packed blocks on an index's
/// postings (see `PostingsBench`).
///
/// `republications`: what the republication detector groups in a corpus
/// (see `RepublicationBench`).
///
/// `startup`: a whole search process's time, phase by phase (see
/// `StartupBench`).

let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let parsed = Int(arguments[index + 1])
    else { return value }
    return parsed
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("tracuu-bench: \(message)\n".utf8))
    exit(2)
}

/// Titles and bodies of a JSONL corpus.
func loadTexts(_ path: String, limit: Int) -> [String] {
    struct Record: Decodable {
        var title: String?
        var body: String?
    }
    guard let reader = try? CompressedLineReader(path: path) else { fail("cannot open \(path)") }
    var texts: [String] = []
    let decoder = JSONDecoder()
    while texts.count < limit, let line = try? reader.nextLine() {
        guard let record = try? decoder.decode(Record.self, from: Data(line)) else { continue }
        texts.append([record.title, record.body].compactMap { $0 }.joined(separator: "\n"))
    }
    return texts
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func benchAnalyzer() {
    guard arguments.count >= 2 else { fail("usage: tracuu-bench analyzer CORPUS.jsonl[.gz] [--runs N] [--limit DOCS]") }
    let texts = loadTexts(arguments[1], limit: option("--limit", default: .max))
    let bytes = texts.reduce(0) { $0 + $1.utf8.count }
    let runs = max(1, option("--runs", default: 5))
    let pairs = arguments.contains("--pairs")
    var rates: [Double] = []
    var tokens = 0
    for _ in 0..<runs {
        let analyzer = Analyzer()
        var count = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for text in texts { count += analyzer.analyze(parts: [text], withPairs: pairs).length }
        }
        tokens = count
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        rates.append(Double(bytes) / 1e6 / seconds)
    }
    // A digest of everything the analyzer hands the index (terms and their
    // positions), so a faster analyzer can be checked to cut the same terms.
    var digest: UInt64 = 0
    let check = Analyzer()
    for text in texts {
        let field = check.analyze(parts: [text], withPairs: pairs)
        digest = field.termBytes.withUnsafeBytes { StableHash.hash64($0, seed: digest) }
        digest = field.positions.withUnsafeBytes { StableHash.hash64($0, seed: digest) }
        digest = field.positionStarts.withUnsafeBytes { StableHash.hash64($0, seed: digest) }
    }
    print("analyzer: \(texts.count) documents, \(String(format: "%.1f", Double(bytes) / 1e6)) MB, \(tokens) tokens, digest \(String(digest, radix: 16))")
    print("analyzer throughput (1 thread): median \(String(format: "%.1f", median(rates))) MB/s over \(runs) runs"
        + " (min \(String(format: "%.1f", rates.min()!)), max \(String(format: "%.1f", rates.max()!)))")
}

let usage = "usage: tracuu-bench analyzer CORPUS.jsonl[.gz] [--runs N] [--limit DOCS] [--pairs] | postings INDEX [--runs N]"
    + " | republications CORPUS.jsonl[.gz] [--pairs N] | startup INDEX QUERY"
switch arguments.first {
case "analyzer": benchAnalyzer()
case "postings":
    guard arguments.count >= 2 else { fail(usage) }
    do { try PostingsBench.run(arguments[1], runs: max(1, option("--runs", default: 5))) } catch { fail("\(error)") }
case "startup":
    guard arguments.count >= 3 else { fail(usage) }
    do { try StartupBench.run(arguments[1], query: arguments[2]) } catch { fail("\(error)") }
case "republications":
    guard arguments.count >= 2 else { fail(usage) }
    do { try RepublicationBench.run(arguments[1], pairs: option("--pairs", default: 10)) } catch { fail("\(error)") }
default: fail(usage)
}
