import Foundation
import Testing

@testable import TracuuIngest

/// `LinkScanner` reads what two regular expressions would match (its doc
/// comment gives them); these tests hold it to Foundation's
/// `NSRegularExpression` on the same bytes.
@Suite struct LinkScannerTests {
    static let linkPattern = #"<(?:a|area)[\t\n\f\r ][^>]*?href[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"|'([^']*)'|([^\t\n\f\r >]+))"#
    static let basePattern = #"<base[\t\n\f\r ][^>]*href[\t\n\f\r ]*=[\t\n\f\r ]*["']?([^"' >]+)"#

    func expected(_ html: String) -> (hrefs: [String], base: String?) {
        // Captures are cut by their UTF-16 offsets: one may start inside a
        // "\r\n", which no Character boundary does.
        let text = html as NSString
        let whole = NSRange(location: 0, length: text.length)
        func captured(_ range: NSRange) -> String? { range.location == NSNotFound ? nil : text.substring(with: range) }
        let links = try! NSRegularExpression(pattern: LinkScannerTests.linkPattern, options: [.caseInsensitive])
        let hrefs = links.matches(in: html, range: whole).map { match in
            (1...3).compactMap { captured(match.range(at: $0)) }.first!
        }
        let baseTag = try! NSRegularExpression(pattern: LinkScannerTests.basePattern, options: [.caseInsensitive])
        let base = baseTag.firstMatch(in: html, range: whole).flatMap { captured($0.range(at: 1)) }
        return (hrefs, base)
    }

    func check(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let scanner = LinkScanner(bytes: Array(html.utf8))
        let (hrefs, base) = expected(html)
        #expect(scanner.hrefs() == hrefs, "\(html.debugDescription)", sourceLocation: sourceLocation)
        #expect(scanner.baseHref() == base, "\(html.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test func tagsAndValuesOfEveryShape() {
        check(#"<a href="/x">x</a> <A HREF='/y'>y</A> <a class=b href=/z>z</a>"#)
        check(#"<area shape=rect href = "m.html"><abbr href="no"><a\nhref\n=\n'n'>"#)
        check(#"<a name=top> <a href=> <a href="unclosed> <a href='/ok'>"#)
        check(#"<a title="a>b" href="/after">"#)
        check(#"<a data-x="href=/inner" href="/outer">"#)
        check("<ahref=\"/glued\"> <a\thref=\"/tab\"> <aREA href=/caps>")
        check(#"<base href="http://e.vn/tin/"><base href="/second">"#)
        check(#"<base target=_blank href='http://f.vn/' data-href="x"><a href=a.html>"#)
        check(#"<base href=""> <base href = /bare >"#)
        check("<base href=\t> <base href=\n'\r\"> <base href= \t\"x\">")
        check("no links at all, just < and > and href=")
        check("")
    }

    /// Random markup from the pieces the patterns care about.
    @Test func randomMarkupMatchesTheExpressions() {
        let pieces = [
            "<a ", "<A\n", "<area ", "<base ", "<ab ", "href", "HREF", "=", " = ", "\"", "'", ">", " ", "\t", "x",
            "/p", "ệ", "<", "href=\"/q\"", "&amp;", "\n", "\r", "\u{0C}",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...24, using: &generator)
            check((0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
    }
}
