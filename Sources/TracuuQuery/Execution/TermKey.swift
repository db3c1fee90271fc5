/// A term's bytes (field byte first) as a dictionary key, hashed in one
/// call over the whole buffer.
///
/// Why: `[UInt8]` hashes its count and then each byte on its own, a call
/// into the hasher per byte; resolving a word puts every form of its fold
/// group, in every segment and field, through a few dictionaries, and
/// that per-byte hashing was a sixth of a first-time word's resolution.
struct TermKey: Hashable, Sendable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (a: TermKey, b: TermKey) -> Bool { a.bytes == b.bytes }
}
