extension StringProtocol {
    /// The text without the scalars at either end for which `trim` holds
    /// (by default Unicode white space, line breaks included): Foundation's
    /// `trimmingCharacters(in:)` is not in FoundationEssentials.
    public func trimmed(where trim: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace }) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !trim($0) }), let last = scalars.lastIndex(where: { !trim($0) })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
