import FoundationEssentials
import TracuuCore
import TracuuText

/// Decides a page's publication date from every piece of evidence, most
/// trustworthy first, and says where the date came from:
///
/// 1. what the page states for machines: meta tags (a local stamp before a
///    UTC one), JSON-LD `datePublished`, `itemprop`, publication-marked
///    `<time>` and microformats (`HTMLMetadata.publicationDate`); a full
///    date in the URL that differs wins over them, and so does a dateline
///    right under the headline that says another day (more than one day
///    off, and not the same numbers read month first): readers and
///    annotators go by what the page shows, and CMS templates often put an
///    import or layout date in the metadata;
/// 2. a visible dateline or byline beside the article ("Cập nhật:
///    26/06/2017 10:05", "Von Christian am 03.05.2013"), ranked by where it
///    stands (next to the headline beats the end of the article beats the
///    rest of the page) and by whether its element is named like a date;
/// 3. a date in the URL path;
/// 4. a stamp in the page's scripts, a date-named element far from the
///    article, the last update stamp (`dateModified`, `og:updated_time`),
///    a date in `<title>`;
/// 5. the day the lead opens with ("Ngày 23/6/2017, ...", "Karlsruhe,
///    (12.11.2021).", "27.1.2022 - Bei der ...");
/// 6. the timestamp written most often anywhere in the markup.
///
/// Dates inside other-news lists never get here (those containers are
/// skipped as blocks), dates inside sentences are events, not datelines
/// (`Dateline.parse` refuses prose), and a date after tomorrow or before
/// 1990 is a typo or a calendar, not a publication.
struct PageDate {
    let metadata: HTMLMetadata
    let blocks: [HTMLBlocks.Block]
    let content: HTMLExtractor.Content
    let title: String?
    let source: String
    /// The page's markup, for the last-resort scan of raw timestamps.
    let html: String

    func find() -> PublicationDate? {
        let urlDay = self.urlDay
        if let date = metadata.publicationDate, plausible(date.day) {
            // What the reader sees under the headline wins over metadata
            // that says another day (a CMS's import or template date).
            if let visible = visibleDateline(underHeadlineOnly: true), visible.isUnderHeadline, urlDay == nil || urlDay == visible.day,
                PageDate.contradicts(visible.day, date.day)
            {
                return PublicationDate(day: visible.day, source: .dateline, confidence: .medium)
            }
            // A CMS writes the day into the path when it publishes; metadata
            // that disagrees is usually a UTC stamp of a late-evening story
            // or the date of a later edit.
            if let urlDay, urlDay != date.day { return PublicationDate(day: urlDay, source: .url, confidence: .high) }
            return date
        }
        let visible = visibleDateline()
        if let visible, visible.nearArticle {
            return PublicationDate(day: visible.day, source: .dateline, confidence: .medium)
        }
        if let urlDay {
            return PublicationDate(day: urlDay, source: .url, confidence: .medium)
        }
        if let stamp = metadata.scriptDate, let day = Timestamp.day(stamp), plausible(day) {
            return PublicationDate(day: day, source: .meta, confidence: .low)
        }
        if let visible {
            return PublicationDate(day: visible.day, source: .dateline, confidence: .low)
        }
        if let date = metadata.modificationDate, plausible(date.day) { return date }
        // "Weltweit | Autonome Waffensysteme | 02.11.2021"
        if let documentTitle = metadata.documentTitle, let match = DateText.matches(in: documentTitle).first,
            plausible(match.day)
        {
            return PublicationDate(day: match.day, source: .dateline, confidence: .low)
        }
        if let lead = content.paragraphs.first(where: { $0.count > 40 }), let day = Dateline.leadDay(lead), plausible(day) {
            return PublicationDate(day: day, source: .lead, confidence: .low)
        }
        // "01.02.2022 – Der Arbeitsmarkt ...": a paragraph near the top that
        // opens with a date, under a subtitle; further down (under a
        // standfirst and a byline) only with the dash of a press dateline.
        for (index, paragraph) in content.paragraphs.prefix(6).enumerated() {
            let tokens = DateText.tokens(String(paragraph.prefix(48)))
            guard let match = DateText.matches(in: tokens).first, plausible(match.day),
                match.tokenRange.lowerBound == 0 || PageDate.isPlaceDateline(tokens[..<match.tokenRange.lowerBound])
            else {
                continue
            }
            let next = tokens.dropFirst(match.tokenRange.upperBound).first
            if index < 3 || next == .mark("-") || next == .mark("–") {
                return PublicationDate(day: match.day, source: .lead, confidence: .low)
            }
        }
        if let day = RawStamps.day(in: html, accept: plausible) {
            return PublicationDate(day: day, source: .meta, confidence: .low)
        }
        return nil
    }

    /// "Karlsruhe, (12.11.2021).", "BERLIN, 3.2.2020 –", "Hà Nội, 23/12/2016":
    /// a press release opens with its place, a comma and the day.
    static func isPlaceDateline(_ before: ArraySlice<DateText.Token>) -> Bool {
        var tokens = Array(before)
        if tokens.last == .mark("(") { tokens.removeLast() }
        guard tokens.last == .mark(",") else { return false }
        tokens.removeLast()
        return (1...3).contains(tokens.count) && tokens.allSatisfy { if case .word = $0 { return true } else { return false } }
    }

    /// Whether a visible date says another day than the metadata: not a
    /// day apart (a UTC stamp of a late-evening story) and not the same
    /// numbers read month first ("06/01/2020" on an American page).
    static func contradicts(_ visible: Day, _ stated: Day) -> Bool {
        guard abs(visible.number - stated.number) > 1 else { return false }
        let (year, month, day) = visible.components
        return Day(year: year, month: day, day: month) != stated
    }

    /// A full date in the page's own URL (canonical, og:url, or where it was read).
    var urlDay: Day? {
        let candidates = [metadata.canonicalURL, metadata.meta["og:url"], source.contains("://") ? source : nil]
        for case let url? in candidates {
            if let day = HTMLMetadata.urlDay(url), plausible(day) { return day }
        }
        return nil
    }

    /// Publication dates are after the web began and not in the future
    /// (a day of slack for time zones).
    func plausible(_ day: Day) -> Bool { day.year >= 1990 && day.number <= latest }

    /// Tomorrow's `Day.number`, read from the clock once per page: every
    /// candidate date of the page is checked against it.
    private let latest = PageDate.epochDayNumber + Int32((Date().timeIntervalSince1970 / 86_400).rounded(.down)) + 1

    /// `Day.number` of 1970-01-01, so Unix days convert to `Day`.
    private static let epochDayNumber = Day(year: 1970, month: 1, day: 1)!.number

    struct Visible {
        var day: Day
        /// Where the date stands and what it is: zone × 4, + 2 when its
        /// element is not named like a date, + 1 for an update (lower is better).
        var rank: Int
        /// Blocks between the date and the headline, when the headline was found.
        var fromHeadline: Int?
        /// Read as a dateline or a machine stamp, not picked out of a text.
        var isDateline: Bool

        /// Beside the headline or at the article's start or end, as opposed
        /// to somewhere else on the page.
        var nearArticle: Bool { rank < 12 }

        /// A publication dateline (not an update) right under the headline,
        /// or a date-named one just above it: what a reader takes for the
        /// article's date.
        var isUnderHeadline: Bool {
            isDateline && rank % 2 == 0 && rank <= 4 && (fromHeadline ?? .max) <= 3
        }
    }

    /// The best dateline among the page's short blocks.
    /// `underHeadlineOnly` looks at the blocks around the headline alone:
    /// all that can overrule the metadata, and cheap next to the whole page.
    func visibleDateline(underHeadlineOnly: Bool = false) -> Visible? {
        let firstContent = content.firstBlock < 0 ? blocks.count : content.firstBlock
        let titleIndex = HTMLBlocks.Headline(title).flatMap { headline in
            blocks[..<min(blocks.count, firstContent + 3)].firstIndex(where: headline.matches)
        }
        let headStart = max(0, (titleIndex ?? max(0, firstContent - 2)) - 3)
        let headEnd = min(blocks.count, firstContent + 5)
        let tailEnd = content.lastBlock < 0 ? headEnd : min(blocks.count, content.lastBlock + 6)
        let pivot = titleIndex ?? headStart

        let tailStart = content.lastBlock < 0 ? headEnd : max(headEnd, content.lastBlock - 2)

        var best: (rank: Int, distance: Int, day: Day, isDateline: Bool)?
        var range = blocks.indices
        if underHeadlineOnly {
            guard let titleIndex else { return nil }
            range = max(0, titleIndex - 3)..<min(blocks.count, titleIndex + 4)
        }
        for index in range {
            let block = blocks[index]
            let hinted = block.dateHint || block.timestamp != nil
            // Where: beside the headline (after it better than before, where
            // a portal's clock sits), the article's end (a byline), inside
            // the story (embeds, events), elsewhere on the page.
            let zone: Int
            if index >= headStart && index < headEnd {
                zone = index > pivot ? 0 : 1
            } else if index >= tailStart && index < tailEnd {
                zone = 2
            } else if index >= headEnd && index < tailStart {
                zone = 3
            } else {
                zone = 4
            }
            // Away from the headline only a date-named element counts, or
            // at the article's end a labelled line ("Aktualisiert: ...").
            if zone >= 3 && !hinted { continue }
            // (Unhinted blocks beyond zone 2 were skipped above.)
            let limit = zone == 3 ? 60 : 200
            guard block.timestamp != nil || (block.length <= limit && block.hasDigit) else {
                continue
            }
            // A list entry's date belongs to the entry.
            if zone >= 2 && block.linkDensity > 0.5 && block.length > 40 { continue }
            var kind: Dateline.Kind
            let day: Day
            var isDateline = true
            if let stamp = block.timestamp, let stamped = Timestamp.day(stamp) {
                (day, kind) = (stamped, Dateline.isUpdateLabel(block.text) ? .updated : .published)
            } else if let parsed = Dateline.parse(block.text, unlabelledWords: zone <= 1 ? 3 : 0) {
                (day, kind) = (parsed.day, parsed.kind)
            } else if zone <= 2, let footerDay = Dateline.postFooterDay(block.text) {
                (day, kind) = (footerDay, .published)
            } else if hinted, let match = DateText.matches(in: block.text).first {
                (day, kind) = (match.day, Dateline.isUpdateLabel(block.text) ? .updated : .published)
                isDateline = false
            } else {
                continue
            }
            guard plausible(day) else { continue }
            let rank = zone * 4 + (hinted ? 0 : 2) + (kind == .updated ? 1 : 0)
            let distance = abs(index - pivot)
            if best == nil || rank < best!.rank || (rank == best!.rank && distance < best!.distance) {
                best = (rank, distance, day, isDateline)
            }
        }
        guard let best else { return nil }
        return Visible(day: best.day, rank: best.rank, fromHeadline: titleIndex == nil ? nil : best.distance, isDateline: best.isDateline)
    }
}
