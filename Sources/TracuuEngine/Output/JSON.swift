/// A JSON value with ordered object keys, and its serialization.
///
/// Why not `JSONEncoder`: the CLI's JSON is a public contract read by people
/// as much as by programs, so keys keep the documented order
/// (`query, total, took_ms, hits`), Vietnamese text stays readable UTF-8
/// rather than `\u` escapes, and scores print with a fixed precision.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double, decimals: Int)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (lhs: JSON, rhs: JSON) -> Bool { lhs.serialized() == rhs.serialized() }

    public static func optional(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }

    /// Compact, one line.
    public func serialized() -> String {
        var output = ""
        write(into: &output, indent: nil, level: 0)
        return output
    }

    /// Indented with two spaces, for people.
    public func pretty() -> String {
        var output = ""
        write(into: &output, indent: "  ", level: 0)
        return output
    }

    private func write(into output: inout String, indent: String?, level: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value, let decimals):
            guard value.isFinite else {
                output += "null"
                return
            }
            output += JSON.format(value, decimals: decimals)
        case .string(let value): JSON.escape(value, into: &output)
        case .array(let values):
            if values.isEmpty {
                output += "[]"
                return
            }
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                newline(&output, indent, level + 1)
                value.write(into: &output, indent: indent, level: level + 1)
            }
            newline(&output, indent, level)
            output += "]"
        case .object(let pairs):
            if pairs.isEmpty {
                output += "{}"
                return
            }
            output += "{"
            for (index, (key, value)) in pairs.enumerated() {
                if index > 0 { output += "," }
                newline(&output, indent, level + 1)
                JSON.escape(key, into: &output)
                output += indent == nil ? ":" : ": "
                value.write(into: &output, indent: indent, level: level + 1)
            }
            newline(&output, indent, level)
            output += "}"
        }
    }

    private func newline(_ output: inout String, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        output += "\n" + String(repeating: indent, count: level)
    }

    public static func format(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded(.towardZero) && abs(rounded) < 1e15 {
            return String(Int64(rounded)) + (decimals > 0 ? ".0" : "")
        }
        return String(rounded)
    }

    static func escape(_ text: String, into output: inout String) {
        // Runs of bytes that need no escaping are copied whole: article
        // bodies are long and almost all of them is such a run.
        var text = text
        text.withUTF8 { bytes in
            var escaped = [UInt8]()
            escaped.reserveCapacity(bytes.count + 2)
            escaped.append(0x22)
            var i = 0
            let count = bytes.count
            while i < count {
                let byte = bytes[i]
                switch byte {
                case 0x22: escaped += [0x5C, 0x22]
                case 0x5C: escaped += [0x5C, 0x5C]
                case 0x0A: escaped += [0x5C, 0x6E]
                case 0x0D: escaped += [0x5C, 0x72]
                case 0x09: escaped += [0x5C, 0x74]
                case 0x00..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    escaped += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                case 0xE2 where i + 2 < count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    // U+2028 and U+2029 end lines in JavaScript.
                    escaped += Array((bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                    i += 2
                default: escaped.append(byte)
                }
                i += 1
            }
            escaped.append(0x22)
            output += String(decoding: escaped, as: UTF8.self)
        }
    }
}
