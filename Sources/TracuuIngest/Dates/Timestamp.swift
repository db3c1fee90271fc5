import TracuuCore

/// Reads the day out of machine-written timestamps: ISO 8601 as in meta tags
/// and JSON-LD ("2023-11-02T19:20:45+07:00", "2023-11-02 19:20"), RFC 2822
/// ("Thu, 02 Nov 2023 19:20:45 +0700") and the day-first forms some
/// Vietnamese CMSs put in meta tags ("02/11/2023 19:20").
///
/// The day is taken as written, in the publisher's own offset: an article
/// stamped 00:30 +07:00 was published that day in Hà Nội, whatever the UTC
/// date was.
enum Timestamp {
    static func day(_ text: String) -> Day? {
        let trimmed = text.trimmingCharacters(in: " \t\r\n\"")
        guard trimmed.count >= 8 else { return nil }
        let utf8 = Array(trimmed.utf8)
        // ISO: YYYY-MM-DD or YYYY/MM/DD or YYYYMMDD at the start.
        if utf8.count >= 10, utf8[0...3].allSatisfy(isDigit), utf8[4] == utf8[7], utf8[4] == 0x2D || utf8[4] == 0x2F,
            let year = int(utf8[0...3]), let month = int(utf8[5...6]), let day = int(utf8[8...9]),
            utf8.count == 10 || !isDigit(utf8[10])
        {
            return Day(year: year, month: month, day: day)
        }
        if utf8.count >= 8, utf8[0...7].allSatisfy(isDigit), utf8.count == 8 || !isDigit(utf8[8]),
            let year = int(utf8[0...3]), let month = int(utf8[4...5]), let day = int(utf8[6...7]),
            (1990...2100).contains(year)
        {
            return Day(year: year, month: month, day: day)
        }
        // Everything else: the first full date in the text (RFC 2822 and
        // day-first forms).
        return DateText.matches(in: String(trimmed.prefix(64))).first?.day
    }

    /// True for an ISO time in UTC: "2023-11-09T06:35:29Z", "…+00:00".
    static func isUTC(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: " \t\r\n\"")
        guard trimmed.utf8.count > 10, trimmed.contains("T") || trimmed.contains(":") else { return false }
        return trimmed.hasSuffix("Z") || trimmed.hasSuffix("+00:00") || trimmed.hasSuffix("+0000")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func int(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.allSatisfy(isDigit) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
