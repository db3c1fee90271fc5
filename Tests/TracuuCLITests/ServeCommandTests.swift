import Foundation
import Testing
import TracuuTestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `tracuu serve` as a user starts it: the built binary on a real socket
/// (any free port), asked over HTTP, stopped by SIGTERM.
@Suite struct ServeCommandTests {
    @Test func servesTheIndexOverHTTPAndStopsCleanly() async throws {
        let binary = try #require(PackagePaths.binary, "build the tracuu binary first (swift build)")
        let index = CLIContractTests.shared.index
        let server = try ChildProcess(binary, ["serve", "--index", index, "--port", "0"])

        let base = try #require(await ServeCommandTests.address(of: server), "no address printed: \(server.errorsSoFar)")
        #expect(base.hasPrefix("http://127.0.0.1:"))
        let (health, healthResponse) = try await URLSession.shared.data(from: URL(string: base + "/healthz")!)
        #expect((healthResponse as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: health, as: UTF8.self).contains("\"documents\":7"))
        let (search, _) = try await URLSession.shared.data(from: URL(string: base + "/api/search?q=h%E1%BB%99i+nh%E1%BA%ADp")!)
        let object = try JSONSerialization.jsonObject(with: search) as? [String: Any]
        #expect((object?["total"] as? Int ?? 0) > 0)

        server.send(SIGTERM)  // a graceful shutdown, status 0
        let ended = server.wait(timeout: 60)
        #expect(ended.status == 0, "\(ended.stderr)")
        #expect(ended.stderr.contains("path=/api/search") && ended.stderr.contains("latency_ms="))
    }

    @Test func refusesABadPort() throws {
        let binary = try #require(PackagePaths.binary)
        let result = try run(binary, ["serve", "--port", "70000", "--index", CLIContractTests.shared.index])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--port must be between 0 and 65535"))
    }

    /// `tracuu serve` becomes the `tracuu-serve` beside it; without one it
    /// says where it looked and how to build it.
    @Test func namesAMissingServerProgram() throws {
        let binary = try #require(PackagePaths.binary)
        let folder = TemporaryDirectory()
        let lone = folder.child("tracuu")
        try FileManager.default.copyItem(atPath: binary, toPath: lone)
        let result = try run(lone, ["serve", "--port", "0", "--index", CLIContractTests.shared.index])
        #expect(result.status != 0)
        #expect(result.stderr.contains(folder.child("tracuu-serve")), "\(result.stderr)")
        #expect(result.stderr.contains("--product tracuu-serve"))
    }

    /// Watches the server's stderr for the "serving … at http://…/" line
    /// (60 s at most, and not after the server has ended). The output is
    /// read once more after every pause: a test on the shared thread pool
    /// can wake long after the deadline, and must not give up unread.
    static func address(of server: ChildProcess) async -> String? {
        let deadline = Date().addingTimeInterval(60)
        while true {
            let seen = server.errorsSoFar
            if let range = seen.range(of: #"at (http://[^ ]+)/ "#, options: .regularExpression) {
                return String(seen[range].dropFirst(3).dropLast(2))
            }
            guard server.isRunning, Date() < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// `tracuu crawl` as a user runs it: killed in the middle, run again.
@Suite struct CrawlCommandTests {
    /// A page that cannot be fetched is named on stderr, the rest is
    /// archived and indexed, and the exit status says the crawl is
    /// incomplete.
    @Test func aPageThatCannotBeFetchedMakesTheStatusOne() throws {
        let binary = try #require(PackagePaths.binary)
        let article = LoopbackHTTPServer.Response.html(
            "<html><head><title>Tin hợp tác</title></head><body><h1>Tin hợp tác</h1><p>Sở Ngoại vụ tỉnh đón đoàn "
                + "khách quốc tế và trao đổi về hợp tác phát triển kinh tế, văn hóa, giáo dục.</p></body></html>")
        let server = try LoopbackHTTPServer(routes: ["/": article])
        let folder = TemporaryDirectory("cli-crawl-fail")
        // Port 1 of the same host: nothing listens there, every try is refused.
        let unreachable = "http://127.0.0.1:1/tin.html"
        let arguments = [
            "crawl", server.url("/"), unreachable, "--delay", "10", "--warc", folder.child("site.warc.gz"),
            "--index", folder.child("index"),
        ]
        let result = try run(binary, arguments)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains(unreachable), "\(result.stderr)")
        #expect(result.stderr.contains("1 failed"), "\(result.stderr)")
        let stats = try run(binary, ["stats", "--index", folder.child("index"), "--format", "json"])
        #expect(stats.stdout.contains("\"documents\":1"), "\(stats.stdout)")
        // Archive only: the same status.
        let archiveOnly = try run(binary, arguments + ["--no-index"])
        #expect(archiveOnly.status == 1, "\(archiveOnly.stderr)")
    }

    @Test func aKilledCrawlResumesWithoutFetchingTwice() throws {
        let binary = try #require(PackagePaths.binary)
        var routes: [String: LoopbackHTTPServer.Response] = [:]
        var home = "<html><body>"
        for number in 0..<12 {
            home += "<a href=\"/tin/\(number).html\">Tin \(number)</a> "
            var page = LoopbackHTTPServer.Response.html(
                "<html><head><title>Tin số \(number)</title></head><body><h1>Tin số \(number)</h1><p>Sở Ngoại vụ tỉnh "
                    + "đón đoàn khách quốc tế số \(number) và trao đổi về hợp tác phát triển kinh tế, văn hóa, giáo dục.</p></body></html>")
            page.delay = 0.3
            routes["/tin/\(number).html"] = page
        }
        routes["/"] = .html(home + "</body></html>")
        let server = try LoopbackHTTPServer(routes: routes)
        let folder = TemporaryDirectory("cli-crawl")
        let arguments = ["crawl", server.url("/"), "--delay", "10", "--warc", folder.child("site.warc.gz"), "--index", folder.child("index")]
        let killed = try run(binary, arguments, killAfter: 1.0)
        #expect(killed.killed, "the crawl ended before the kill: \(killed.stderr)")
        let before = server.requests
        let finished = try run(binary, arguments)
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(finished.stderr.contains("from the archive"))
        let after = Array(server.requests.dropFirst(before.count))
        // Only the page in flight at the kill (never archived) may be asked for again.
        #expect(Set(after).intersection(Set(before)).count <= 1, "fetched again: \(Set(after).intersection(Set(before)))")
        #expect(Set(before + after).isSuperset(of: (0..<12).map { "/tin/\($0).html" }))
        // Both runs' pages are in the archive, and indexed.
        let stats = try run(binary, ["stats", "--index", folder.child("index"), "--format", "json"])
        #expect(stats.stdout.contains("\"documents\":12"), "\(stats.stdout) \(finished.stdout)")
    }
}
