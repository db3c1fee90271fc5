import Hummingbird
import TracuuCore
import TracuuEngine
import TracuuQuery

/// The pages people read: `/` (search), `/articles/ID` (one article) and
/// the page's own assets. Errors are shown on the page, in Vietnamese,
/// with the status a program would get from the API.
struct PageRoutes: Sendable {
    let service: SearchService

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in await self.search(FormQuery(request.uri.query)) }
        router.get("/articles/:id") { _, context in self.article(context.parameters.get("id") ?? "") }
        router.get("/assets/tracuu.css") { _, _ in Responses.asset(Assets.css, type: "text/css; charset=utf-8") }
        router.get("/assets/tracuu.js") { _, _ in Responses.asset(Assets.script, type: "text/javascript; charset=utf-8") }
        router.get("/assets/favicon.svg") { _, _ in Responses.asset(Assets.favicon, type: "image/svg+xml") }
    }

    func search(_ form: FormQuery) async -> Response {
        let values = SearchPage.FormValues(form)
        let snapshot: Snapshot
        do {
            snapshot = try service.snapshots.current()
        } catch {
            return failed(RequestError.from(error), values: values)
        }
        let footer = footer(snapshot)
        guard !values.query.allSatisfy(\.isWhitespace) else {
            return Responses.html(
                SearchPage.layout(
                    title: "tra cứu – tìm kiếm tin tức đối ngoại", values: values,
                    main: SearchPage.landing(stats: try? snapshot.indexStats()), footer: footer))
        }
        do {
            let parameters = try SearchParameters.page(form, limits: service.limits)
            let (_, response) = try await service.search(parameters)
            return Responses.html(
                SearchPage.layout(
                    title: "\(values.query) – tra cứu", values: values,
                    main: ResultsView(response: response, parameters: parameters).html(), footer: footer))
        } catch {
            return failed(RequestError.from(error), values: values, footer: footer)
        }
    }

    func article(_ addressID: String) -> Response {
        do {
            let article = try service.article(addressID: addressID)
            return Responses.html(
                SearchPage.layout(
                    title: "\(article.title ?? "Bài viết") – tra cứu", values: SearchPage.FormValues(),
                    main: ArticleView.html(article)))
        } catch {
            return failed(RequestError.from(error), values: SearchPage.FormValues())
        }
    }

    private func failed(_ failure: RequestError, values: SearchPage.FormValues, footer: String = "") -> Response {
        Responses.html(
            SearchPage.layout(title: "Lỗi – tra cứu", values: values, main: SearchPage.errorBox(failure), footer: footer),
            status: failure.status)
    }

    private func footer(_ snapshot: Snapshot) -> String {
        "tra cứu \(TracuuVersion.current) · \(SearchPage.number(snapshot.reader.liveDocCount)) bài · "
            + "<a href=\"/api/stats\">thống kê</a> · <a href=\"/api/search?q=h%E1%BB%99i+nh%E1%BA%ADp\">API JSON</a>"
    }
}

/// One article, read back from the index's stored fields.
enum ArticleView {
    static func html(_ article: Article) -> String {
        var meta: [String] = []
        if let date = article.date {
            meta.append(
                "<time datetime=\"\(date.day.iso)\">\(SearchPage.vietnameseDate(date.day))</time> "
                    + "<span class=\"note\">(\(HTML.escape(ResultsView.dateNote(date))))</span>")
        } else {
            meta.append("<span class=\"nodate\">không rõ ngày đăng</span>")
        }
        meta.append(ResultsView.source(article.source))
        let paragraphs = article.body.split(separator: "\n").map { "<p>\(HTML.escape(String($0)))</p>" }
        return """
            <article class="story">
            <h1>\(HTML.escape(article.title ?? "(không có tiêu đề)"))</h1>
            <p class="meta">\(meta.joined(separator: "<span class=\"dot\"> · </span>"))</p>
            \(paragraphs.joined(separator: "\n"))
            <p class="api"><a href="/api/articles/\(FormQuery.escape(article.id))">JSON của bài này</a></p>
            </article>
            """
    }
}
