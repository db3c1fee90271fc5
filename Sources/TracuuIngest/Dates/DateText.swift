import FoundationEssentials
import TracuuCore
import TracuuText

/// Finds calendar dates written in running text: the numeric forms of
/// Vietnamese pages (day first: "22/01/2019", "26-06-2017", "14.06.2018"),
/// year-first ISO forms ("2019-01-22"), the long Vietnamese form ("ngày 21
/// tháng 9 năm 2025") and English month names ("November 2, 2023",
/// "2 Nov 2023").
///
/// A date without a year ("Ngày 15/12") is not a date here: completing it
/// would be a guess, and a wrong year is worse than none.
enum DateText {
    struct Match: Equatable {
        var day: Day
        /// Index of the first and past-the-last token of the match, for
        /// callers that check what stands before it ("thành lập ngày ...").
        var tokenRange: Range<Int>
    }

    enum Token: Equatable {
        case number(Int, digits: Int)
        case word(String)
        case mark(Character)
    }

    /// Splits text into numbers, words (folded, lower-case) and single
    /// punctuation marks; white space separates and is dropped.
    static func tokens(_ text: String) -> [Token] {
        var result: [Token] = []
        var current = ""
        var isDigits = false
        func flush() {
            guard !current.isEmpty else { return }
            if isDigits {
                result.append(.number(Int(current) ?? 0, digits: current.count))
            } else {
                result.append(.word(Folding.folded(current.lowercased())))
            }
            current = ""
        }
        for character in text {
            if character.isASCII && character.isNumber {
                if !isDigits { flush() }
                isDigits = true
                current.append(character)
            } else if character.isLetter {
                if isDigits { flush() }
                isDigits = false
                current.append(character)
            } else {
                flush()
                if !character.isWhitespace { result.append(.mark(character)) }
            }
        }
        flush()
        return result
    }

    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
        // German, French, Spanish, Portuguese and Italian (folded: "März" is "marz", "août" "aout").
        "januar": 1, "februar": 2, "marz": 3, "maerz": 3, "mai": 5, "juni": 6, "juli": 7, "oktober": 10, "okt": 10,
        "dezember": 12, "dez": 12, "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7,
        "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "enero": 1, "febrero": 2,
        "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8, "septiembre": 9, "octubre": 10,
        "noviembre": 11, "diciembre": 12, "janeiro": 1, "fevereiro": 2, "marco": 3, "maio": 5, "junho": 6,
        "julho": 7, "setembro": 9, "outubro": 10, "dezembro": 12, "gennaio": 1, "febbraio": 2, "aprile": 4,
        "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9, "ottobre": 10, "dicembre": 12,
    ]

    /// The year now, for two-digit years: "23" is 2023, "98" 1998.
    static let currentYear = Calendar(identifier: .gregorian).component(.year, from: Date())

    /// Every full date in `text`, in order.
    static func matches(in text: String) -> [Match] { matches(in: tokens(text)) }

    /// Every full date in text already cut into tokens.
    static func matches(in tokens: [Token]) -> [Match] {
        var result: [Match] = []
        var i = 0
        while i < tokens.count {
            if let (day, length) = match(tokens, at: i) {
                result.append(Match(day: day, tokenRange: i..<i + length))
                i += length
            } else {
                i += 1
            }
        }
        return result
    }

    static func match(_ t: [Token], at i: Int) -> (Day, Int)? {
        func number(_ k: Int) -> (Int, Int)? {
            guard k < t.count, case .number(let value, let digits) = t[k] else { return nil }
            return (value, digits)
        }
        func word(_ k: Int) -> String? {
            guard k < t.count, case .word(let value) = t[k] else { return nil }
            return value
        }
        func mark(_ k: Int) -> Character? {
            guard k < t.count, case .mark(let value) = t[k] else { return nil }
            return value
        }
        // D/M/YYYY, D-M-YYYY, D.M.YYYY and YYYY-MM-DD, YYYY/MM/DD.
        if let (a, aDigits) = number(i), let separator = mark(i + 1), "/-.|".contains(separator),
            let (b, bDigits) = number(i + 2), mark(i + 3) == separator, let (c, cDigits) = number(i + 4)
        {
            if aDigits == 4 && bDigits <= 2 && cDigits <= 2, let day = Day(year: a, month: b, day: c) {
                return (day, 5)
            }
            if aDigits <= 2 && bDigits <= 2 && cDigits == 4, let day = Day(year: c, month: b, day: a) {
                return (day, 5)
            }
            // German short form "30.10.23" (dots only, two-digit day,
            // month and year, not part of a longer "1.2.3.4").
            if separator == ".", aDigits == 2, bDigits == 2, cDigits == 2, !(mark(i + 5) == "." && number(i + 6) != nil),
                let day = Day(year: 2000 + c <= currentYear + 1 ? 2000 + c : 1900 + c, month: b, day: a)
            {
                return (day, 5)
            }
        }
        // "ngày 21 tháng 9 năm 2025" (with or without "ngày").
        if let (d, dDigits) = number(i), dDigits <= 2, word(i + 1) == "thang", let (m, _) = number(i + 2),
            word(i + 3) == "nam", let (y, yDigits) = number(i + 4), yDigits == 4,
            let day = Day(year: y, month: m, day: d)
        {
            return (day, 5)
        }
        // "21 tháng 9, 2025" / "21 tháng 9/2025".
        if let (d, dDigits) = number(i), dDigits <= 2, word(i + 1) == "thang", let (m, _) = number(i + 2),
            let separator = mark(i + 3), ",/".contains(separator), let (y, yDigits) = number(i + 4), yDigits == 4,
            let day = Day(year: y, month: m, day: d)
        {
            return (day, 5)
        }
        // "November 2, 2023" / "Nov. 2 2023".
        if let name = word(i), let m = months[name] {
            var k = i + 1
            if mark(k) == "." { k += 1 }
            if let (d, dDigits) = number(k), dDigits <= 2 {
                var j = k + 1
                if let suffix = word(j), ["st", "nd", "rd", "th"].contains(suffix) { j += 1 }
                if mark(j) == "," { j += 1 }
                if let (y, yDigits) = number(j), yDigits == 4, let day = Day(year: y, month: m, day: d) {
                    return (day, j + 1 - i)
                }
            }
        }
        // "2 November 2023" / "2. November 2023" / "2nd Nov 2023" / "13 de junio de 2019".
        if let (d, dDigits) = number(i), dDigits <= 2 {
            var k = i + 1
            if mark(k) == "." { k += 1 }
            if let suffix = word(k), ["st", "nd", "rd", "th", "er", "de"].contains(suffix) { k += 1 }
            if let name = word(k), let m = months[name] {
                var j = k + 1
                if mark(j) == "." || mark(j) == "," { j += 1 }
                if word(j) == "de" { j += 1 }
                if let (y, yDigits) = number(j), yDigits == 4, let day = Day(year: y, month: m, day: d) {
                    return (day, j + 1 - i)
                }
            }
        }
        return nil
    }
}
