import TracuuCore
import TracuuText

/// The analyzer's words of a text in order, for queries and snippets:
/// terms with their byte ranges and positions, as strings or as
/// vocabulary ids. Indexing reads the analyzer's counting path
/// (`Analyzer.analyze`) instead, which keeps no token list.
extension Analyzer {
    /// The words of `text` in order as stable hashes of their terms (see
    /// `FieldTerms.wordHashes`).
    public func wordHashes(_ text: String) -> [UInt64] {
        analyze(parts: [text], wordHashes: true).wordHashes
    }

    /// The terms of `text` in order, for queries and highlighting: each with
    /// its byte range in `text`, position and whether it was glued to the
    /// previous token ("04/QĐ-UBND").
    public func termSequence(_ text: String) -> [AnalyzedToken] {
        termTokens(text).map { token in
            AnalyzedToken(
                term: termText(token.term), start: Int(token.start), end: Int(token.end), position: token.position,
                joined: token.joined)
        }
    }

    /// The terms of `text` in order as vocabulary ids, for highlighting:
    /// each token's term id, fold id, byte range and position. No string is made per
    /// token (a snippet reads whole article bodies, and a cold search
    /// process spent a third of its snippet time making and hashing them);
    /// `termText(_:)` and `foldID(ofFoldKey:)` turn ids and strings into
    /// each other for the few words that matter. The ids stay valid until
    /// the next `analyze` or `resetVocabulary()`.
    public func termTokens(_ text: String) -> [TermToken] { termTokens(text, mayMatch: nil) }

    /// `termTokens(text)`, except that with `foldPrints` a word not seen
    /// before whose letters cannot fold to a key with one of them
    /// (`foldPrint(ofFoldKey:)` of each key) is not analyzed: its token
    /// comes with term and fold -1.
    ///
    /// Why: a search shows ten articles, and its snippets analyzed every
    /// word of them; the words new to the searcher, nearly all of them in
    /// a fresh process, cost a case fold, a fold key and two table entries
    /// each (6.6M of a search process's 49M instructions). Only the words
    /// that may match a query word matter to a snippet. Which may is told
    /// from `Folding.plainFoldPrints` (a word it cannot read is analyzed).
    public func termTokens(_ text: String, mayMatch foldPrints: [UInt64]?) -> [TermToken] {
        var result: [TermToken] = []
        var copy = text
        _ = copy.withUTF8 { buffer in
            tokenizer.tokenize(buffer) { token in
                let raw = UnsafeBufferPointer(rebasing: buffer[token.start..<token.end])
                let hash = ByteTable.hash(raw)
                var index = rawCache.find(raw, hash: hash)
                if index == nil, foldPrints.map({ Analyzer.mayMatch(raw, $0) }) ?? true {
                    index = insertTerm(raw, hash: hash)
                }
                result.append(
                    TermToken(
                        term: index ?? -1, fold: index.map { foldOfTerm[Int($0)] } ?? -1, start: Int32(token.start),
                        end: Int32(token.end), position: token.position, joined: token.joined))
            }
        }
        return result
    }

    /// The print of a fold key that `termTokens(_:mayMatch:)` compares.
    public static func foldPrint(ofFoldKey key: String) -> UInt64 { FoldPrint.of(key) }

    /// Whether the word `raw` may have a fold key with one of `foldPrints`:
    /// its letters' print, or with a final "y" as "i" (the i/y rule).
    static func mayMatch(_ raw: UnsafeBufferPointer<UInt8>, _ foldPrints: [UInt64]) -> Bool {
        guard let prints = Folding.plainFoldPrints(utf8: raw) else { return true }
        return foldPrints.contains(prints.print) || prints.yAsI.map(foldPrints.contains) == true
    }

    /// The text of term `id` (from `termTokens`).
    public func termText(_ id: Int32) -> String {
        String(decoding: termArena[Int(termStart[Int(id)])..<Int(termStart[Int(id) + 1])], as: UTF8.self)
    }

    /// The fold id of a fold key (`TermForms.foldKey`), nil when no term
    /// analyzed so far has it (so no token of `termTokens` can).
    public func foldID(ofFoldKey key: String) -> Int32? {
        var key = key
        return key.withUTF8 { bytes in foldTable.find(bytes, hash: ByteTable.hash(bytes)) }
    }
}
