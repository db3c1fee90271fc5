import FoundationEssentials
import TracuuCore
import TracuuIngest

/// The status line of a long `index` run on a terminal: a bar and ETA when
/// the number of inputs is known, inputs/s and MB/s of text always.
public enum ProgressLine {
    /// Counts the inputs of a run that reads files only; nil for JSONL
    /// corpora and URLs (counting would mean reading them) or when the walk
    /// takes over two seconds.
    public static func countInputs(_ paths: [String]) -> Int? {
        let walker = InputWalker(arguments: paths)
        let start = Date()
        var count = 0
        while true {
            do {
                guard let input = try walker.next() else { return count }
                guard case .file = input else { return nil }
                count += 1
            } catch {
                continue
            }
            if count % 1024 == 0 && Date().timeIntervalSince(start) > 2 { return nil }
        }
    }

    public static func text(_ report: IndexReport, total: Int?) -> String {
        let seconds = max(report.seconds, 0.001)
        let perSecond = Double(report.read) / seconds
        let megabytes = Double(report.textBytes) / 1e6 / seconds
        var line = ""
        if let total, total > 0 {
            let done = min(report.read, total)
            let width = 24
            let filled = done * width / total
            line += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            line += "\(done)/\(total) "
        } else {
            line += "\(report.read) inputs "
        }
        line += "\(NumberText.fixed(perSecond, decimals: 0))/s, \(NumberText.fixed(megabytes, decimals: 1)) MB/s"
        line += ", \(report.added + report.updated) indexed"
        if report.skippedTotal > 0 { line += ", \(report.skippedTotal) skipped" }
        if let total, perSecond > 0, report.read < total {
            let remaining = Int((Double(total - report.read) / perSecond).rounded())
            line += ", ETA \(remaining / 60):\(NumberText.padded(remaining % 60, width: 2))"
        }
        return line
    }
}
