/// A token of analyzed text as vocabulary ids (`Analyzer.termTokens`).
public struct TermToken: Sendable, Equatable {
    public var term: Int32
    /// Shared by every term with the same fold key.
    public var fold: Int32
    /// UTF-8 byte range in the analyzed text.
    public var start: Int32
    public var end: Int32
    public var position: UInt32
    /// Glued to the previous token ("04/QĐ-UBND").
    public var joined: Bool
}

/// A token of analyzed text in order.
public struct AnalyzedToken: Sendable, Equatable {
    public var term: String
    /// UTF-8 byte range in the analyzed text.
    public var start: Int
    public var end: Int
    public var position: UInt32
    public var joined: Bool
}
