/// Why a document scored what it did: a tree of values with one sentence
/// each, printed by `--explain` and returned in JSON.
public struct Explanation: Sendable, Equatable, Encodable {
    public var value: Double
    public var description: String
    public var details: [Explanation]

    public init(value: Double, description: String, details: [Explanation] = []) {
        self.value = value
        self.description = description
        self.details = details
    }

    /// Indented text, one node a line.
    public func render(indent: Int = 0) -> String {
        let line = String(repeating: "  ", count: indent) + "\(Self.format(value)) = \(description)"
        return ([line] + details.map { $0.render(indent: indent + 1) }).joined(separator: "\n")
    }

    public static func format(_ value: Double) -> String {
        let rounded = (value * 10000).rounded() / 10000
        return String(rounded)
    }
}
