import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import TracuuEngine
import TracuuTestSupport

@testable import TracuuServer

/// A corpus written as captured plain-text pages, indexed for real (files,
/// ICU, the store), and a server over its index driven through
/// Hummingbird's test client.
final class ServerFixture: Sendable {
    let folder = TemporaryDirectory("server")
    let index: String
    let logs = LogCapture()

    init() { index = folder.child("index") }

    static let filler = "Đây là một đoạn văn bản đủ dài để bộ trích xuất coi là nội dung bài viết chính."

    @discardableResult
    func article(_ name: String, title: String, date: String? = nil, body: String) -> String {
        var lines = [title]
        if let date { lines.append("Ngày đăng: \(date)") }
        lines += [body + " " + ServerFixture.filler, ServerFixture.filler]
        return folder.write("articles/\(name).txt", lines.joined(separator: "\n"))
    }

    func build() throws {
        _ = try Indexer(options: IndexOptions(indexPath: index, inputs: [folder.child("articles")])).run()
    }

    func server(_ configure: (inout ServerLimits) -> Void = { _ in }) -> SearchServer {
        var limits = ServerLimits()
        configure(&limits)
        return SearchServer(index: index, limits: limits)
    }

    /// Runs `body` against `server` through the router, without a socket.
    func test<T>(_ server: SearchServer, _ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let logs = logs
        let logger = Logger(label: "tracuu.test") { _ in CapturingHandler(capture: logs) }
        return try await server.application(host: "127.0.0.1", port: 0, logger: logger).test(.router, body)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body as JSON, for looking into.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }
}

/// Log records kept for tests that pin down the request log.
final class LogCapture: Sendable {
    private let records = Mutex<[(message: String, metadata: Logger.Metadata)]>([])
    func append(_ message: String, _ metadata: Logger.Metadata) { records.withLock { $0.append((message, metadata)) } }
    var all: [(message: String, metadata: Logger.Metadata)] { records.withLock { $0 } }
}

struct CapturingHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        capture.append("\(event.message)", metadata.merging(event.metadata ?? [:]) { $1 })
    }
}
