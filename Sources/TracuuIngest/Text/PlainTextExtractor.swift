import TracuuCore
import TracuuText

/// Extracts an article from plain text captured off a web page, where the
/// menus, counters and link lists arrive as lines around the story.
///
/// Lines are scored — long prose lines positive, short lines slightly
/// negative, counters, all-caps menu items and furniture phrases strongly
/// negative — and the body is the contiguous run of lines with the largest
/// total (the maximum-subarray idea of body-text extraction). The headline is
/// the headline-shaped line that opens that run or stands just before it, and
/// the publication date comes from a dateline beside the headline or, failing
/// that, from a lead that opens with the event's day.
struct PlainTextExtractor {
    struct Line {
        var text: String
        var score: Int
        var words: Int
    }

    func extract(text: String, source: String, id: String) throws(IngestError) -> Article {
        let lines = text.split(whereSeparator: \.isNewline)
            .map { collapseWhitespace(String($0)) }
            .filter { !$0.isEmpty }
            .map { line in Line(text: line, score: score(line), words: wordCount(line)) }
        guard !lines.isEmpty else { throw IngestError(.empty, source: source, reason: "no text") }

        var range = maximumRun(lines.map(\.score))
        if range.isEmpty {
            // Only short lines: keep those that read as text, not furniture.
            let kept = lines.indices.filter { lines[$0].score > -10 && lines[$0].words >= 3 }
            guard let first = kept.first, let last = kept.last else {
                throw IngestError(.empty, source: source, reason: "only page furniture, no article text")
            }
            range = first..<last + 1
        }

        var title: String?
        var bodyStart = range.lowerBound
        var dateline: (Day, Dateline.Kind)?
        var datelineLines: Set<Int> = []

        func considerDateline(_ index: Int) {
            guard let parsed = Dateline.parse(lines[index].text) else { return }
            datelineLines.insert(index)
            if dateline == nil || (dateline!.1 == .updated && parsed.kind == .published) {
                dateline = (parsed.day, parsed.kind)
            }
        }

        if isHeadline(lines[range.lowerBound]) && range.count > 1 && Dateline.parse(lines[range.lowerBound].text) == nil {
            title = lines[range.lowerBound].text
            bodyStart += 1
        } else {
            // Look back over at most three lines (skipping datelines) for the headline.
            var index = range.lowerBound - 1
            var looked = 0
            while index >= 0 && looked < 3 {
                if Dateline.parse(lines[index].text) != nil {
                    considerDateline(index)
                } else if isHeadline(lines[index]) {
                    title = lines[index].text
                    break
                } else {
                    looked += 1
                }
                index -= 1
            }
        }
        // Datelines right before or at the start of the body.
        for index in max(0, range.lowerBound - 3)..<min(lines.count, bodyStart + 3) where lines[index].text.count <= Dateline.maxLength {
            considerDateline(index)
        }

        let bodyLines = (bodyStart..<range.upperBound).filter { index in
            !datelineLines.contains(index) && lines[index].score > -10
        }.map { lines[$0].text }
        guard !bodyLines.isEmpty else { throw IngestError(.empty, source: source, reason: "no article text") }

        var date: PublicationDate?
        if let (day, _) = dateline {
            date = PublicationDate(day: day, source: .dateline, confidence: .high)
        } else if let lead = bodyLines.first(where: { $0.count > 40 }), let day = Dateline.leadDay(lead) {
            date = PublicationDate(day: day, source: .lead, confidence: .low)
        }
        return Article(id: id, source: source, title: title, date: date, body: bodyLines.joined(separator: "\n"))
    }

    /// Positive for prose, negative for furniture; see the type's overview.
    func score(_ line: String) -> Int {
        let words = wordCount(line)
        if Furniture.isListHeading(line) { return -20 }
        if Furniture.isFurniturePhrase(line) { return -12 }
        let letters = line.unicodeScalars.filter { $0.properties.isAlphabetic }
        if letters.isEmpty { return -4 }
        if words <= 6 && letters.count >= 2 && !letters.contains(where: { $0.properties.isLowercase }) { return -10 }
        return words - 8
    }

    /// A headline: a few words to a long sentence's worth, not ending as a
    /// sentence does, not shouting in capitals, not furniture.
    func isHeadline(_ line: Line) -> Bool {
        guard (3...40).contains(line.words), line.score > -10 else { return false }
        guard let last = line.text.last, !".:;!?…,".contains(last) else { return false }
        return true
    }

    /// Indices of the contiguous run with the largest positive sum (Kadane).
    func maximumRun(_ scores: [Int]) -> Range<Int> {
        var best = 0
        var bestRange = 0..<0
        var sum = 0
        var start = 0
        for (index, score) in scores.enumerated() {
            if sum <= 0 {
                sum = score
                start = index
            } else {
                sum += score
            }
            if sum > best {
                best = sum
                bestRange = start..<index + 1
            }
        }
        return bestRange
    }

    func wordCount(_ line: String) -> Int {
        line.split(whereSeparator: { $0.isWhitespace }).count
    }
}
