import TracuuCore

/// The last resort for a page's date: machine timestamps anywhere in the
/// raw HTML, comments and scripts included ("2020-07-12T22:00:00+09:00" in
/// an RDF comment, `showDate("2020/04/17 01:43:09")`, a cache stamp).
///
/// Only stamps with a time of day count (a bare "2020-04-17" is too often a
/// calendar or a version); the day written most often wins, the earliest on
/// a tie, since a page repeats its publication stamp and adds at most a
/// later modification.
enum RawStamps {
    static func day(in html: String, accept: (Day) -> Bool) -> Day? {
        var html = html
        return html.withUTF8 { bytes -> Day? in
            var counts: [Day: Int] = [:]
            let count = bytes.count
            func digit(_ i: Int) -> Int? {
                let byte = bytes[i]
                return byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
            }
            func number(_ start: Int, _ length: Int) -> Int? {
                var value = 0
                for i in start..<start + length {
                    guard let d = digit(i) else { return nil }
                    value = value * 10 + d
                }
                return value
            }
            var i = 0
            // YYYY-MM-DD[T ]HH:MM or YYYY/MM/DD[T ]HH:MM: 16 bytes.
            while i + 16 <= count {
                defer { i += 1 }
                guard bytes[i] == 0x32 || bytes[i] == 0x31, i == 0 || digit(i - 1) == nil else { continue }
                let separator = bytes[i + 4]
                guard separator == 0x2D || separator == 0x2F, bytes[i + 7] == separator,
                    bytes[i + 10] == 0x54 || bytes[i + 10] == 0x20, bytes[i + 13] == 0x3A,
                    let year = number(i, 4), let month = number(i + 5, 2), let dayOfMonth = number(i + 8, 2),
                    number(i + 11, 2) != nil, number(i + 14, 2) != nil,
                    let day = Day(year: year, month: month, day: dayOfMonth), accept(day)
                else { continue }
                counts[day, default: 0] += 1
            }
            return counts.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }?.key
        }
    }
}
