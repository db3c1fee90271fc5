import TracuuCore
import TracuuEngine
import TracuuQuery

/// The search page in Vietnamese: one form (query, từ ngày, đến ngày,
/// sort), then the results. Plain HTML that works with JavaScript off:
/// every state is a shareable address (`/?q=hội+nhập&from=2017-01-01`).
/// Every string that came from a user or an article passes through
/// `HTML.escape` on its way in.
enum SearchPage {
    /// What the form shows: the user's own text, even when it was refused.
    struct FormValues {
        var query = ""
        var from = ""
        var to = ""
        var sort = SearchRequest.Sort.relevance

        init() {}

        init(_ form: FormQuery) {
            query = form["q"] ?? ""
            from = form["from"] ?? ""
            to = form["to"] ?? ""
            sort = form["sort"].flatMap(SearchRequest.Sort.init(rawValue:)) ?? .relevance
        }
    }

    static func layout(title: String, values: FormValues, main: String, footer: String = "") -> String {
        """
        <!doctype html>
        <html lang="vi">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <link rel="stylesheet" href="/assets/tracuu.css">
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
        <script src="/assets/tracuu.js" defer></script>
        </head>
        <body>
        <header class="masthead">
        <a class="brand" href="/">tra cứu</a>
        <span class="tagline">Tìm kiếm tin tức đối ngoại</span>
        </header>
        <main>
        \(form(values))
        \(main)
        </main>
        <footer class="colophon">\(footer)</footer>
        </body>
        </html>

        """
    }

    static func form(_ values: FormValues) -> String {
        func selected(_ sort: SearchRequest.Sort) -> String { values.sort == sort ? " selected" : "" }
        return """
            <form class="search" action="/" method="get" role="search">
            <div class="query-row">
            <input type="search" name="q" value="\(HTML.escape(values.query))" placeholder="Nhập từ khóa, ví dụ: hội nhập quốc tế" \
            aria-label="Từ khóa" maxlength="1000" autocomplete="off"\(values.query.isEmpty ? " autofocus" : "")>
            <button type="submit">Tìm kiếm</button>
            </div>
            <div class="filters">
            <label>Từ ngày <input type="date" name="from" value="\(HTML.escape(values.from))"></label>
            <label>Đến ngày <input type="date" name="to" value="\(HTML.escape(values.to))"></label>
            <label>Sắp xếp <select name="sort">
            <option value="relevance"\(selected(.relevance))>Liên quan nhất</option>
            <option value="date"\(selected(.date))>Mới nhất</option>
            </select></label>
            </div>
            </form>
            """
    }

    /// The first page a visitor sees: what the index holds and how to ask.
    static func landing(stats: IndexStats?) -> String {
        var figures = ""
        if let stats {
            figures = "<p class=\"lead\">Chỉ mục có <strong>\(number(stats.documents))</strong> bài viết"
            if let low = stats.dateMin, let high = stats.dateMax {
                figures += ", đăng từ \(vietnameseDate(low)) đến \(vietnameseDate(high))"
            }
            figures += ".</p>"
        }
        let examples = ["hội nhập", "ngoai vu", "\"biên giới\" -trung", "title:hợp tác", "Lào OR Campuchia"]
        let links = examples.map { "<li><a href=\"/?\(HTML.escape(FormQuery.encode([("q", $0)])))\">\(HTML.escape($0))</a></li>" }
        return """
            <section class="intro">
            \(figures)
            <p>Gõ không dấu cũng được: <em>ngoai vu</em> tìm thấy <em>ngoại vụ</em>. Đặt cụm từ trong ngoặc kép để tìm \
            nguyên cụm, thêm dấu trừ trước một từ để loại bỏ nó, dùng <code>OR</code> để tìm một trong hai, \
            <code>title:</code> để chỉ tìm trong tiêu đề và <code>*</code> ở cuối để tìm theo tiền tố.</p>
            <p>Thử:</p>
            <ul class="examples">\(links.joined())</ul>
            </section>
            """
    }

    /// A page that only says what went wrong (no form values to keep).
    static func errorPage(_ failure: RequestError) -> String {
        layout(title: "Lỗi – tra cứu", values: FormValues(), main: errorBox(failure))
    }

    static func errorBox(_ failure: RequestError) -> String {
        "<p class=\"error\" role=\"alert\">\(HTML.escape(failure.vietnamese))</p>"
    }

    /// 30/06/2017, as Vietnamese readers write dates.
    static func vietnameseDate(_ day: Day) -> String {
        let (year, month, date) = day.components
        return (date < 10 ? "0" : "") + "\(date)/" + (month < 10 ? "0" : "") + "\(month)/\(year)"
    }

    /// 84.132: thousands grouped with dots, the Vietnamese way.
    static func number(_ value: Int) -> String {
        let digits = Array(String(value))
        var output = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { output += "." }
            output.append(digit)
        }
        return output
    }
}
