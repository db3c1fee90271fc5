import ArgumentParser

/// An option whose values are an enum's raw values (`--sort date`).
///
/// Why not swift-argument-parser's defaults for such enums: they spell the
/// values through key paths and `String(describing:)`, which look the type
/// up at run time, and a command builds every option's definition (help
/// text included) before it parses anything. For the enums of `search`
/// that was about 2 million of a search process's 40 million instructions.
/// The raw values say the same directly.
protocol ChoiceArgument: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension ChoiceArgument {
    public var defaultValueDescription: String { rawValue }
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    public static var allValueDescriptions: [String: String] { [:] }
    public static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}
