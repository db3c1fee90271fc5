import Foundation
import HummingbirdTesting
import Testing
import TracuuEngine
import TracuuQuery

@testable import TracuuServer

@Suite struct APITests {
    /// Three dated articles and one without a date.
    static func fixture() throws -> ServerFixture {
        let fixture = ServerFixture()
        fixture.article("a", title: "Hội nhập quốc tế", date: "12/03/2017", body: "Sở Ngoại vụ bàn về hội nhập quốc tế.")
        fixture.article("b", title: "Hợp tác với Lào", date: "05/07/2018", body: "Hội nhập và hợp tác với tỉnh bạn Lào.")
        fixture.article("c", title: "Biên giới", date: "20/01/2019", body: "Quản lý biên giới đất liền.")
        fixture.article("d", title: "Tin không ngày", body: "Một bài về hội nhập không có ngày đăng.")
        try fixture.build()
        return fixture
    }

    @Test func searchAnswersAsTheCommandLineDoes() async throws {
        let fixture = try APITests.fixture()
        let request = SearchRequest(query: "hội nhập", limit: 10)
        let direct = try Searcher(reader: IndexLocation.openReader(fixture.index)).search(request)
        try await fixture.test(fixture.server()) { client in
            try await client.execute(uri: "/api/search?q=h%E1%BB%99i+nh%E1%BA%ADp", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let json = response.json
                #expect(json["total"] as? Int == direct.total)
                #expect(json["query"] as? String == "hội nhập")
                let hits = json["hits"] as? [[String: Any]] ?? []
                #expect(hits.map { $0["id"] as? String } == direct.hits.map(\.id))
                #expect((hits.first?["snippet_html"] as? String)?.contains("<mark>") == true)
                // The same keys, in the same order, as `search --format json`.
                let keys = SearchOutput.json(direct, request: request).serialized()
                    .split(separator: "\"hits\"")[0]
                #expect(response.text.hasPrefix(String(keys.prefix(30))))
            }
        }
    }

    /// `profile=1` adds the search's phases, as `--profile` does; without
    /// it the answer has none.
    @Test func profileShowsTheSearchsPhases() async throws {
        let fixture = try APITests.fixture()
        try await fixture.test(fixture.server()) { client in
            let profiled = try await client.execute(uri: "/api/search?q=h%E1%BB%99i+nh%E1%BA%ADp&profile=1", method: .get)
            let profile = profiled.json["profile"] as? [String: Any] ?? [:]
            for phase in ["parse", "resolve", "plan", "count", "walk", "fill", "hits"] {
                #expect((profile[phase + "_us"] as? Double ?? -1) >= 0, "\(phase): \(profile)")
            }
            #expect(profile["scored"] as? Int ?? 0 >= 3)
            let plain = try await client.execute(uri: "/api/search?q=h%E1%BB%99i+nh%E1%BA%ADp", method: .get)
            #expect(plain.json["profile"] == nil)
            let bad = try await client.execute(uri: "/api/search?q=h%E1%BB%99i&profile=maybe", method: .get)
            #expect(bad.status == .badRequest)
        }
    }

    @Test func datesSortingPagingAndHistogram() async throws {
        let fixture = try APITests.fixture()
        try await fixture.test(fixture.server()) { client in
            let ranged = try await client.execute(uri: "/api/search?q=h%E1%BB%99i+nh%E1%BA%ADp&from=2018&to=2018-12", method: .get)
            #expect(ranged.json["total"] as? Int == 1)
            #expect(ranged.json["from"] as? String == "2018-01-01")
            #expect(ranged.json["to"] as? String == "2018-12-31")

            let byDate = try await client.execute(uri: "/api/search?q=h%E1%BB%99i+nh%E1%BA%ADp&sort=date", method: .get)
            let dates = (byDate.json["hits"] as? [[String: Any]] ?? []).map { $0["date"] as? String }
            #expect(dates == ["2018-07-05", "2017-03-12", nil])

            let paged = try await client.execute(uri: "/api/search?q=h%E1%BB%99i+nh%E1%BA%ADp&sort=date&limit=1&offset=1", method: .get)
            #expect((paged.json["hits"] as? [[String: Any]])?.map { $0["date"] as? String } == ["2017-03-12"])
            #expect(paged.json["total"] as? Int == 3)

            let histogram = try await client.execute(uri: "/api/search?q=h%E1%BB%99i+nh%E1%BA%ADp&histogram=year", method: .get)
            let object = histogram.json["histogram"] as? [String: Any]
            #expect(object?["undated"] as? Int == 1)
            #expect((object?["buckets"] as? [[String: Any]])?.map { $0["period"] as? String } == ["2017", "2018"])
        }
    }

    @Test func badRequestsGetTheReasonAndTheirStatus() async throws {
        let fixture = try APITests.fixture()
        try await fixture.test(fixture.server()) { client in
            let cases: [(String, Int, String)] = [
                ("/api/search?q=%22h%E1%BB%99i", 400, "column"),
                ("/api/search?q=a+OR", 400, "column"),
                ("/api/search", 400, "no words"),
                ("/api/search?q=x&from=2017-13", 400, "from"),
                ("/api/search?q=x&to=tomorrow", 400, "to"),
                ("/api/search?q=x&from=2019&to=2017", 400, "after"),
                ("/api/search?q=x&sort=oldest", 400, "relevance, date"),
                ("/api/search?q=x&rank=pagerank", 400, "tfidf"),
                ("/api/search?q=x&limit=-1", 400, "limit"),
                ("/api/search?q=x&limit=ten", 400, "limit"),
                ("/api/search?q=x&histogram=week", 400, "year, month"),
                ("/api/search?q=x&offset=20000", 400, "10000"),
                ("/api/articles/no-such-id", 404, "no article"),
                ("/api/nothing-here", 404, "no such address"),
            ]
            for (uri, status, words) in cases {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status.code == status, "\(uri)")
                #expect(response.headers[.contentType] == "application/json; charset=utf-8", "\(uri)")
                #expect(response.json["status"] as? Int == status, "\(uri)")
                #expect(response.text.contains(words), "\(uri): \(response.text)")
            }
            let syntax = try await client.execute(uri: "/api/search?q=h%E1%BB%99i+%22nh%E1%BA%ADp", method: .get)
            #expect(syntax.json["column"] as? Int == 5)
        }
    }

    @Test func queryLengthAndLimitAreCapped() async throws {
        let fixture = try APITests.fixture()
        let server = fixture.server { $0.queryCharacters = 20; $0.resultsPerPage = 2 }
        try await fixture.test(server) { client in
            let long = try await client.execute(uri: "/api/search?q=" + String(repeating: "a+", count: 15), method: .get)
            #expect(long.status == .badRequest)
            #expect(long.text.contains("at most 20"))
            let capped = try await client.execute(uri: "/api/search?q=h%E1%BB%99i+nh%E1%BA%ADp&limit=500", method: .get)
            #expect(capped.status == .ok)
            #expect(capped.json["limit"] as? Int == 2)
            #expect((capped.json["hits"] as? [Any])?.count == 2)
        }
    }

    @Test func aSlowSearchIsStoppedWithAClearMessage() async throws {
        let fixture = try APITests.fixture()
        try await fixture.test(fixture.server { $0.timeLimitMilliseconds = 0 }) { client in
            let response = try await client.execute(uri: "/api/search?q=h%E1%BB%99i", method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(response.text.contains("was stopped"))
            let page = try await client.execute(uri: "/?q=h%E1%BB%99i", method: .get)
            #expect(page.status == .serviceUnavailable)
            #expect(page.text.contains("quá nhiều thời gian"))
        }
    }

    @Test func articleStatsAndHealth() async throws {
        let fixture = try APITests.fixture()
        let reader = try IndexLocation.openReader(fixture.index)
        let id = try Searcher(reader: reader).search(SearchRequest(query: "biên giới")).hits[0].id
        let stored = try StoredArticles.article(id: id, in: reader)
        try await fixture.test(fixture.server()) { client in
            let article = try await client.execute(uri: "/api/articles/\(id)", method: .get)
            #expect(article.status == .ok)
            #expect(article.text == ArticleOutput.json(stored).serialized() + "\n")

            let stats = try await client.execute(uri: "/api/stats", method: .get)
            #expect(stats.json["documents"] as? Int == 4)
            #expect(stats.json["dated"] as? Int == 3)
            #expect(stats.json["date_min"] as? String == "2017-03-12")

            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(health.json["status"] as? String == "ok")
            #expect(health.json["documents"] as? Int == 4)
        }
    }

    @Test func withoutAnIndexItAnswers503UntilOneIsCommitted() async throws {
        let fixture = ServerFixture()
        fixture.article("a", title: "Hội nhập", date: "12/03/2017", body: "Hội nhập quốc tế.")
        try await fixture.test(fixture.server()) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .serviceUnavailable)
            #expect(health.text.contains("no index at"))
            let search = try await client.execute(uri: "/api/search?q=x", method: .get)
            #expect(search.status == .serviceUnavailable)
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .serviceUnavailable)
            #expect(page.text.contains("Chỉ mục chưa sẵn sàng"))

            try fixture.build()
            let after = try await client.execute(uri: "/api/search?q=h%E1%BB%99i+nh%E1%BA%ADp", method: .get)
            #expect(after.status == .ok)
            #expect(after.json["total"] as? Int == 1)
        }
    }

    @Test func aDamagedIndexAnswers503NamingTheFile() async throws {
        let fixture = try APITests.fixture()
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: fixture.index).first { $0.hasSuffix(".tdict") })
        let path = fixture.index + "/" + name
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: path))
        try await fixture.test(fixture.server()) { client in
            let search = try await client.execute(uri: "/api/search?q=h%E1%BB%99i+nh%E1%BA%ADp", method: .get)
            #expect(search.status == .serviceUnavailable)
            #expect(search.text.contains(name), "\(search.text)")
            let page = try await client.execute(uri: "/?q=h%E1%BB%99i+nh%E1%BA%ADp", method: .get)
            #expect(page.status == .serviceUnavailable)
            #expect(page.text.contains("Chỉ mục chưa sẵn sàng") && page.text.contains(name))
        }
    }

    @Test func searchesSeeANewCommitWithoutARestart() async throws {
        let fixture = try APITests.fixture()
        try await fixture.test(fixture.server()) { client in
            let before = try await client.execute(uri: "/api/search?q=Campuchia", method: .get)
            #expect(before.json["total"] as? Int == 0)
            let generation = try await client.execute(uri: "/healthz", method: .get).json["generation"] as? Int

            fixture.article("e", title: "Hợp tác với Campuchia", date: "01/02/2020", body: "Hợp tác với Campuchia.")
            try fixture.build()
            let after = try await client.execute(uri: "/api/search?q=Campuchia", method: .get)
            #expect(after.json["total"] as? Int == 1)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect((health.json["generation"] as? Int ?? 0) > (generation ?? 0))
            #expect(health.json["documents"] as? Int == 5)
        }
    }

    @Test func everyRequestIsLoggedWithItsLatency() async throws {
        let fixture = try APITests.fixture()
        try await fixture.test(fixture.server()) { client in
            _ = try await client.execute(uri: "/api/search?q=bi%C3%AAn+gi%E1%BB%9Bi", method: .get)
            _ = try await client.execute(uri: "/api/nothing", method: .get)
        }
        let requests = fixture.logs.all.filter { $0.message == "request" }
        #expect(requests.count == 2)
        let first = requests[0].metadata
        #expect(first["method"] == "GET")
        #expect(first["path"] == "/api/search")
        #expect(first["status"]?.description == "200")
        #expect(Double(first["latency_ms"]?.description ?? "") != nil)
        #expect(requests[1].metadata["status"]?.description == "404")
    }
}
