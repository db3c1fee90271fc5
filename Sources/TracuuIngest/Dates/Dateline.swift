import TracuuCore
import TracuuText

/// Recognizes the short line next to a headline that states when the article
/// was published ("Ngày cập nhật 22/01/2019", "Cập nhật: 26/06/2017 10:05",
/// "Thứ năm, 14/06/2018 - 09:30", "Thứ Năm, 2/11/2023, 19:20 (GMT+7)"), and the
/// lead sentence that opens with the day of the reported event ("Ngày
/// 23/6/2017, đồng chí ...").
///
/// A date inside a sentence ("thành lập ngày 23 tháng 12 năm 2016") is the
/// date of an event, not of the article, and is never taken.
enum Dateline {
    enum Kind: Equatable {
        /// Labelled as the publication ("Ngày đăng", weekday + date, or a bare date).
        case published
        /// Labelled as an update ("Cập nhật"): used only when nothing says published.
        case updated
    }

    /// Words (folded) that mark a line as a dateline.
    static let publishedLabels: [[String]] = [
        ["ngay", "dang"], ["dang", "ngay"], ["dang", "luc"], ["dang", "vao"], ["thoi", "gian", "dang"],
        ["xuat", "ban"], ["ngay", "phat", "hanh"], ["published"], ["posted"], ["gmt"], ["utc"], ["ngay"],
        ["thu", "hai"], ["thu", "ba"], ["thu", "tu"], ["thu", "nam"], ["thu", "sau"], ["thu", "bay"],
        ["chu", "nhat"], ["monday"], ["tuesday"], ["wednesday"], ["thursday"], ["friday"], ["saturday"], ["sunday"],
        // Bylines elsewhere: "von X am 20.06.2018", "by X on", "publié le", "Datum".
        ["veroffentlicht"], ["veroffentlichung"], ["publiziert"], ["pubblicato"], ["stand"], ["erstellt"], ["datum"], ["publie"], ["publicado"], ["publicat"], ["von"], ["by"],
        ["par"], ["por"], ["posted", "on"], ["montag"], ["dienstag"], ["mittwoch"], ["donnerstag"], ["freitag"],
        ["samstag"], ["sonntag"], ["feira"], ["sabado"], ["domingo"], ["lunes"], ["martes"], ["miercoles"],
        ["jueves"], ["viernes"], ["lundi"], ["mardi"], ["mercredi"], ["jeudi"], ["vendredi"], ["samedi"], ["dimanche"],
    ]
    static let updatedLabels: [[String]] = [
        ["cap", "nhat"], ["updated"], ["sua", "doi"], ["chinh", "sua"], ["aktualisiert"], ["modified"], ["mis", "a", "jour"],
        ["actualizado"], ["geandert"], ["ultima", "modifica"],
    ]
    /// Words that may surround a bare date on its own line.
    static let filler: Set<String> = [
        "luc", "vao", "gio", "am", "pm", "sa", "ch", "gmt", "h", "phut", "ngay", "date", "on", "le", "el", "um", "uhr",
        "at", "a", "as", "de", "den", "segunda", "terca", "quarta", "quinta", "sexta", "mez", "cet", "cest", "edt", "est", "pst", "utc",
    ]

    static let maxLength = 120

    /// Marks that separate the fields of a byline ("date • author | section").
    static let fieldSeparators: Set<Character> = ["•", "|", "·", "/"]

    /// The day a short dateline text states, and whether it is labelled as an
    /// update; nil when the text is not a dateline.
    ///
    /// `unlabelledWords` is how many other words an unlabelled line may
    /// have: none in general ("14/06/2018 09:30"), a few right under a
    /// headline, where a line such as "Hà Nội, 23/12/2016" or "28. Jan. 2022
    /// Paula Balov" is a dateline.
    static func parse(_ text: String, unlabelledWords: Int = 0) -> (day: Day, kind: Kind)? {
        // Every date form has digits (a year at least): most lines have
        // none and need no tokenizing.
        guard text.utf8.count <= 4 * maxLength, text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }),
            text.count <= maxLength
        else { return nil }
        let tokens = DateText.tokens(text)
        var i = 0
        var found: (Day, Range<Int>)?
        while i < tokens.count {
            if let (day, length) = DateText.match(tokens, at: i) {
                found = (day, i..<i + length)
                break
            }
            i += 1
        }
        guard let (day, range) = found else { return nil }
        let words = tokens.compactMap { token -> String? in
            if case .word(let word) = token { return word }
            return nil
        }
        let labelWords = Set((publishedLabels + updatedLabels).joined())
        // "02.02.2022 • HVW-Verband, Presse": after a separator that follows
        // the date come the byline's other fields, not a sentence.
        let end = tokens[range.upperBound...].firstIndex { token in
            if case .mark(let mark) = token { return Dateline.fieldSeparators.contains(mark) }
            return false
        } ?? tokens.endIndex
        let rest = tokens[..<end].enumerated().filter { !range.contains($0.offset) }.map(\.element)
        let otherWords = rest.compactMap { token -> String? in
            if case .word(let word) = token, !filler.contains(word), !labelWords.contains(word) { return word }
            return nil
        }
        // A dateline is a label and a date, perhaps a time and a byline; a
        // longer text with a date in it is a sentence about an event.
        if contains(words, updatedLabels) { return otherWords.count <= 4 ? (day, .updated) : nil }
        if contains(words, publishedLabels) { return otherWords.count <= 4 ? (day, .published) : nil }
        return otherWords.count <= unlabelledWords ? (day, .published) : nil
    }

    /// Openings of the sentence a blog writes under a post ("Dieser Artikel
    /// wurde am 14. Dezember 2015 um 14:48 von Heiner geschrieben und ...",
    /// "This entry was posted on May 3, 2012 by ..."), folded.
    static let postFooterOpenings = [
        "dieser artikel wurde am", "dieser beitrag wurde am", "der beitrag wurde am", "this entry was posted on",
        "this entry was posted", "posted on", "bai viet duoc dang ngay", "cet article a ete publie le",
    ]

    /// The day such a post footer states, when it comes among its first words.
    static func postFooterDay(_ text: String) -> Day? {
        let opening = String(text.prefix(90))
        let key = Folding.matchKey(opening)
        guard postFooterOpenings.contains(where: { key.hasPrefix($0) }) else { return nil }
        return DateText.matches(in: opening).first?.day
    }

    /// True when a short text says it is an update ("Cập nhật", "Updated").
    static func isUpdateLabel(_ text: String) -> Bool {
        let words = DateText.tokens(String(text.prefix(maxLength))).compactMap { token -> String? in
            if case .word(let word) = token { return word }
            return nil
        }
        return contains(words, updatedLabels)
    }

    /// The event day that opens a lead paragraph ("Ngày 23/6/2017, ...",
    /// "Sáng ngày 8/01/2019, ..."), or nil.
    static func leadDay(_ paragraph: String) -> Day? {
        let tokens = DateText.tokens(String(paragraph.prefix(80)))
        let openers: Set<String> = ["ngay", "sang", "chieu", "toi", "trua", "dem", "hom"]
        for start in 0..<min(4, tokens.count) {
            let before = tokens[..<start]
            let allOpeners = before.allSatisfy { token in
                switch token {
                case .word(let word): return openers.contains(word)
                case .mark(let mark): return mark == "("
                case .number: return false
                }
            }
            guard allOpeners else { return nil }
            if let (day, _) = DateText.match(tokens, at: start) { return day }
        }
        return nil
    }

    private static func contains(_ words: [String], _ labels: [[String]]) -> Bool {
        for label in labels where !label.isEmpty {
            if label.count == 1 {
                if words.contains(label[0]) { return true }
                continue
            }
            if words.count >= label.count {
                for start in 0...(words.count - label.count) where Array(words[start..<start + label.count]) == label {
                    return true
                }
            }
        }
        return false
    }
}
