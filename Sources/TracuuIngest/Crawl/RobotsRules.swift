/// What a site's robots.txt allows a crawler (RFC 9309): the group for
/// our User-Agent token, or the `*` group; the longest matching Allow or
/// Disallow path prefix decides (Allow wins a tie); `*` inside a path
/// matches anything and `$` ends it. An empty or missing file allows all.
public struct RobotsRules: Sendable {
    private var rules: [(allow: Bool, pattern: String)] = []
    /// Seconds between requests the site asks for, if it does.
    public private(set) var crawlDelay: Double?

    public init() {}

    /// The rules of `text` for a crawler calling itself `agent` (its product token).
    public init(_ text: String, agent: String) {
        var groups: [(agents: [String], rules: [(Bool, String)], delay: Double?)] = []
        var readingAgents = false
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let field = parts[0].trimmingSpaces.lowercased()
            let value = String(parts[1].trimmingSpaces)
            switch field {
            case "user-agent":
                if !readingAgents { groups.append(([], [], nil)) }
                groups[groups.count - 1].agents.append(value.lowercased())
                readingAgents = true
            case "allow", "disallow":
                readingAgents = false
                guard !groups.isEmpty else { continue }
                if field == "disallow" && value.isEmpty { continue }  // "Disallow:" allows all
                groups[groups.count - 1].rules.append((field == "allow", value))
            case "crawl-delay":
                readingAgents = false
                guard !groups.isEmpty else { continue }
                groups[groups.count - 1].delay = Double(value)
            default:
                continue
            }
        }
        let token = agent.lowercased()
        let chosen = groups.first { $0.agents.contains { $0 != "*" && token.hasPrefix($0) } }
            ?? groups.first { $0.agents.contains("*") }
        rules = chosen?.rules.map { (allow: $0.0, pattern: $0.1) } ?? []
        crawlDelay = chosen?.delay
    }

    /// Whether the path (with its query) may be fetched.
    public func allows(_ path: String) -> Bool {
        var best: (length: Int, allow: Bool)?
        for rule in rules where RobotsRules.matches(rule.pattern, path) {
            let length = rule.pattern.count
            if best == nil || length > best!.length || (length == best!.length && rule.allow) {
                best = (length, rule.allow)
            }
        }
        return best?.allow ?? true
    }

    static func matches(_ pattern: String, _ path: String) -> Bool {
        var pattern = Substring(pattern)
        let anchored = pattern.hasSuffix("$")
        if anchored { pattern = pattern.dropLast() }
        let pieces = pattern.split(separator: "*", omittingEmptySubsequences: false)
        var rest = Substring(path)
        for (index, piece) in pieces.enumerated() {
            if index == 0 {
                guard rest.hasPrefix(piece) else { return false }
                rest = rest.dropFirst(piece.count)
            } else if let range = rest.firstRange(of: piece) {
                rest = rest[range.upperBound...]
            } else {
                return false
            }
        }
        return !anchored || rest.isEmpty || pieces.last?.isEmpty == true
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }
}
