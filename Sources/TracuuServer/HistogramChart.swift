import TracuuCore
import TracuuEngine
import TracuuQuery

/// The matches per month as an SVG bar chart, drawn on the server so the
/// page needs no script to show how coverage evolved.
///
/// The SVG has no `viewBox`: bars are placed in percent of its width and
/// in pixels of its fixed height, so the chart fills a phone's or a
/// desktop's column and its labels keep their size (a scaled `viewBox`
/// would shrink them to specks on a phone). Months without matches
/// between the first and the last are drawn as gaps, so the time axis is
/// honest. Each bar links to the same search narrowed to its month.
struct HistogramChart {
    var buckets: [HistogramBucket]
    var undated: Int
    /// The page's address for a month: `from`/`to` set to its first and last day.
    var link: (Day, Day) -> String

    static let height = 150
    static let plotTop = 22
    static let plotBottom = 126

    func svg() -> String {
        let months = filledMonths()
        guard let first = months.first, let last = months.last else { return "" }
        let highest = max(1, months.map(\.count).max() ?? 1)
        let total = months.reduce(0) { $0 + $1.count }
        let plot = HistogramChart.plotBottom - HistogramChart.plotTop
        let share = 100.0 / Double(months.count)
        var svg = """
            <svg class="chart" width="100%" height="\(HistogramChart.height)" role="img" \
            aria-label="\(total) bài khớp theo tháng, từ \(first.label) đến \(last.label)">
            <line class="grid" x1="0" x2="100%" y1="\(HistogramChart.plotTop)" y2="\(HistogramChart.plotTop)"/>
            <line class="axis" x1="0" x2="100%" y1="\(HistogramChart.plotBottom)" y2="\(HistogramChart.plotBottom)"/>
            <text class="peak" x="100%" y="14" text-anchor="end">cao nhất: \(highest) bài/tháng</text>

            """
        for (index, month) in months.enumerated() where month.count > 0 {
            let barHeight = max(2, Int((Double(month.count) / Double(highest) * Double(plot)).rounded()))
            let x = Double(index) * share + share * 0.12
            svg += """
                <a href="\(HTML.escape(link(month.firstDay, month.lastDay)))"><rect class="bar" \
                x="\(percent(x))" y="\(HistogramChart.plotBottom - barHeight)" width="\(percent(share * 0.76))" \
                height="\(barHeight)"><title>\(month.label): \(month.count) bài</title></rect></a>

                """
        }
        for (index, label) in tickLabels(months) {
            let x = Double(index) * share + share / 2
            svg += """
                <text class="tick" x="\(percent(x))" y="\(HistogramChart.height - 6)" text-anchor="middle">\(label)</text>

                """
        }
        return svg + "</svg>"
    }

    struct Month {
        var year: Int
        var month: Int
        var count: Int
        var label: String { (month < 10 ? "0" : "") + "\(month)/\(year)" }
        var firstDay: Day { Day(year: year, month: month, day: 1)! }
        var lastDay: Day { Day(year: year, month: month, day: Day.daysIn(month: month, year: year))! }
    }

    /// Every month from the first bucket to the last, empty ones included.
    func filledMonths() -> [Month] {
        let counted = buckets.compactMap { bucket -> Month? in
            let parts = bucket.period.split(separator: "-")
            guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]) else { return nil }
            return Month(year: year, month: month, count: bucket.count)
        }
        guard let first = counted.first, let last = counted.last else { return [] }
        var byMonth: [Int: Int] = [:]
        for month in counted { byMonth[month.year * 12 + month.month - 1] = month.count }
        return (first.year * 12 + first.month - 1...last.year * 12 + last.month - 1).map {
            Month(year: $0 / 12, month: $0 % 12 + 1, count: byMonth[$0] ?? 0)
        }
    }

    /// Labels under the axis: years at their January (and at the first bar),
    /// months when the chart spans a year or less; thinned so that labels
    /// stay at least 9 % of the width apart (a year's label on a phone).
    func tickLabels(_ months: [Month]) -> [(Int, String)] {
        let share = 100.0 / Double(months.count)
        var candidates: [(Int, String)] = []
        if months.count <= 12 {
            candidates = months.enumerated().map { ($0.offset, $0.element.label) }
        } else {
            for (index, month) in months.enumerated() where month.month == 1 {
                candidates.append((index, String(month.year)))
            }
            // The first bar's year, unless its January follows too closely.
            if months[0].month != 1, Double(candidates.first?.0 ?? months.count) * share >= 9 {
                candidates.insert((0, String(months[0].year)), at: 0)
            }
        }
        var labels: [(Int, String)] = []
        var lastX = -100.0
        for candidate in candidates {
            let x = Double(candidate.0) * share
            guard x - lastX >= 9 else { continue }
            labels.append(candidate)
            lastX = x
        }
        return labels
    }

    private func percent(_ value: Double) -> String { JSON.format(value, decimals: 3) + "%" }
}
