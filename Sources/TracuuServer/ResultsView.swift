import TracuuCore
import TracuuEngine
import TracuuQuery

/// The results part of the search page: the count, the histogram of
/// matches per month, the hits and the pager.
struct ResultsView {
    var response: SearchResponse
    var parameters: SearchParameters

    func html() -> String {
        var parts = [summary()]
        if let buckets = response.histogram, !buckets.isEmpty {
            let chart = HistogramChart(buckets: buckets, undated: response.undatedMatches) { first, last in
                address(from: first.iso, to: last.iso, page: nil)
            }
            var undated = ""
            if response.undatedMatches > 0 {
                undated = " \(SearchPage.number(response.undatedMatches)) bài không có ngày đăng không được tính."
            }
            parts.append(
                """
                <figure class="histogram">
                <figcaption>Số bài khớp theo tháng. Bấm vào một cột để xem riêng tháng đó.\(undated)</figcaption>
                \(chart.svg())
                </figure>
                """)
        }
        if response.hits.isEmpty {
            parts.append(
                "<p class=\"empty\">Không tìm thấy bài nào. Hãy thử bỏ bớt từ, gõ không dấu hoặc mở rộng khoảng ngày.</p>")
        } else {
            parts.append("<ol class=\"hits\" start=\"\(parameters.offset + 1)\">")
            parts += response.hits.map(hit)
            parts.append("</ol>")
        }
        parts.append(pager())
        return parts.joined(separator: "\n")
    }

    private func summary() -> String {
        let took = JSON.format(Double(response.tookMicroseconds) / 1000, decimals: 1)
        var text = "<strong>\(SearchPage.number(response.total))</strong> bài khớp với mọi từ khóa"
        if response.partialTotal > 0 {
            text += "; thêm \(SearchPage.number(response.partialTotal)) bài có một phần từ khóa"
        }
        if let lower = response.dateRange.lower, let upper = response.dateRange.upper {
            text += " (từ \(SearchPage.vietnameseDate(lower)) đến \(SearchPage.vietnameseDate(upper)))"
        } else if let lower = response.dateRange.lower {
            text += " (từ \(SearchPage.vietnameseDate(lower)))"
        } else if let upper = response.dateRange.upper {
            text += " (đến \(SearchPage.vietnameseDate(upper)))"
        }
        return "<p class=\"summary\">\(text). <span class=\"took\">\(took) ms</span></p>"
    }

    private func hit(_ hit: SearchHit) -> String {
        let title = hit.title ?? hit.opening + "…"
        var meta: [String] = []
        if let date = hit.date {
            meta.append(
                "<time datetime=\"\(date.day.iso)\" title=\"\(HTML.escape(ResultsView.dateNote(date)))\">\(SearchPage.vietnameseDate(date.day))</time>")
        } else {
            meta.append("<span class=\"nodate\">không rõ ngày</span>")
        }
        meta.append(ResultsView.source(hit.source))
        var html = """
            <li class="hit">
            <h2><a href="/articles/\(FormQuery.escape(hit.id))">\(HTML.escape(title))</a></h2>
            <p class="meta">\(meta.joined(separator: "<span class=\"dot\"> · </span>"))</p>
            <p class="snippet">\(hit.snippet.marked(open: "<mark>", close: "</mark>", escape: HTML.escape))</p>
            """
        if !hit.alsoPublished.isEmpty {
            // A web copy links to where it ran; a copy from a file or an
            // archive to its text as stored in the index.
            let copies = hit.alsoPublished.map { copy in
                ResultsView.source(copy.source, storedAt: "/articles/\(FormQuery.escape(copy.id))")
                    + (copy.date.map { " <time datetime=\"\($0.day.iso)\">\(SearchPage.vietnameseDate($0.day))</time>" } ?? "")
            }
            html += "\n<p class=\"also\">Cũng đăng tại: \(copies.joined(separator: "; "))</p>"
        }
        if !hit.matchedAll {
            html += "\n<p class=\"partial\">Chỉ có \(hit.matchedWords) trong số các từ khóa</p>"
        }
        return html + "\n</li>"
    }

    /// Where the date came from, for the date's tooltip: journalists weigh
    /// a dateline differently from a date guessed from an address.
    static func dateNote(_ date: PublicationDate) -> String {
        let confidence = ["high": "cao", "medium": "trung bình", "low": "thấp"][date.confidence.rawValue] ?? date.confidence.rawValue
        let sources = [
            "record": "dữ liệu nguồn", "json-ld": "dữ liệu JSON-LD của trang", "meta": "thẻ meta của trang",
            "time": "thẻ thời gian của trang", "dateline": "dòng ngày đăng trong bài", "lead": "đoạn mở đầu bài",
            "url": "địa chỉ trang", "capture": "ngày lưu trang",
        ]
        return "Ngày lấy từ \(sources[date.source.rawValue] ?? date.source.rawValue); độ tin cậy \(confidence)"
    }

    /// A web source as a link (host and path), a file as its name: a link
    /// to `storedAt` (the article as stored) when given, plain text otherwise.
    static func source(_ source: String, storedAt: String? = nil) -> String {
        if source.hasPrefix("http://") || source.hasPrefix("https://") {
            let shown = source.split(separator: "/", maxSplits: 2).dropFirst().joined(separator: "/")
            return "<a class=\"source\" href=\"\(HTML.escape(source))\" rel=\"noopener nofollow\">\(HTML.escape(shown))</a>"
        }
        let name = source.split(separator: "/").last.map(String.init) ?? source
        if let storedAt { return "<a class=\"source\" href=\"\(storedAt)\">\(HTML.escape(name))</a>" }
        return "<span class=\"source\" title=\"\(HTML.escape(source))\">\(HTML.escape(name))</span>"
    }

    private func pager() -> String {
        let pages = max(1, (response.total + SearchParameters.pageSize - 1) / SearchParameters.pageSize)
        let page = parameters.page
        guard pages > 1 || page > 1 else { return "" }
        var links: [String] = []
        if page > 1 {
            links.append("<a rel=\"prev\" href=\"\(HTML.escape(address(page: page - 1)))\">← Trang trước</a>")
        }
        links.append("<span class=\"where\">Trang \(page) / \(pages)</span>")
        if page < pages {
            links.append("<a rel=\"next\" href=\"\(HTML.escape(address(page: page + 1)))\">Trang sau →</a>")
        }
        return "<nav class=\"pager\" aria-label=\"Phân trang\">\(links.joined(separator: "\n"))</nav>"
    }

    /// This search's address with another page (and optionally other dates).
    private func address(from: String? = nil, to: String? = nil, page: Int?) -> String {
        var pairs: [(String, String?)] = [("q", parameters.query)]
        pairs.append(("from", from ?? parameters.from))
        pairs.append(("to", to ?? parameters.to))
        pairs.append(("sort", parameters.sort == .relevance ? nil : parameters.sort.rawValue))
        pairs.append(("page", page.flatMap { $0 > 1 ? String($0) : nil }))
        return "/?" + FormQuery.encode(pairs)
    }
}
