import FoundationEssentials

/// Any JSON value, decoded by FoundationEssentials' `JSONDecoder`: the
/// JSON-LD blocks of a page, whose shape varies from site to site, and the
/// lines of an extraction manifest.
///
/// `tree` gives it as Foundation's `JSONSerialization` did (dictionaries,
/// arrays, strings, whole numbers as `Int` and others as `Double`; null
/// stays a `JSONValue`), which the
/// date rules read; `JSONSerialization` itself is outside
/// FoundationEssentials.
public enum JSONValue: Decodable, Sendable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The value as nested `[String: Any]`, `[Any]` and scalars.
    public var tree: Any {
        switch self {
        case .object(let members): members.mapValues(\.tree)
        case .array(let items): items.map(\.tree)
        case .string(let text): text
        case .number(let number): number.rounded() == number && number.magnitude < 1e15 ? Int(number) : number
        case .bool(let flag): flag
        case .null: self
        }
    }
}
