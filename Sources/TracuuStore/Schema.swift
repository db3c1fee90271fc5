/// What the engine stores for each document: indexed fields, fixed-width
/// columns and stored fields. The store keeps bytes; the schema only says how
/// many of each there are and which column holds each field's length.
public struct IndexSchema: Sendable {
    public struct Field: Sendable {
        public var id: UInt8
        public var name: String
        /// Whether positions are recorded (phrases).
        public var hasPositions: Bool
        /// Whether the field's terms get fold-map entries.
        public var folded: Bool
        /// The column holding each document's length in this field, if any
        /// (for the skip data's minimum length).
        public var lengthColumn: String?

        public init(id: UInt8, name: String, hasPositions: Bool, folded: Bool, lengthColumn: String?) {
            self.id = id
            self.name = name
            self.hasPositions = hasPositions
            self.folded = folded
            self.lengthColumn = lengthColumn
        }
    }

    public struct Column: Sendable, Equatable {
        /// Four ASCII characters.
        public var tag: String
        /// 1, 2, 4 or 8 bytes, signed.
        public var width: Int

        public init(tag: String, width: Int) {
            precondition(tag.utf8.count == 4 && [1, 2, 4, 8].contains(width))
            self.tag = tag
            self.width = width
        }
    }

    public var fields: [Field]
    public var columns: [Column]
    /// Stored fields kept in a frame of their own, after the others (the
    /// engine's article body): a reader that needs only the others (a hit's
    /// title, source and id) decompresses a few hundred bytes instead of
    /// the whole article.
    public var storedApart: Set<UInt8>

    public init(fields: [Field], columns: [Column], storedApart: Set<UInt8> = []) {
        self.fields = fields
        self.columns = columns
        self.storedApart = storedApart
    }

    public func field(_ id: UInt8) -> Field? { fields.first { $0.id == id } }

    public func columnIndex(_ tag: String) -> Int? { columns.firstIndex { $0.tag == tag } }
}

/// One document as the store receives it.
public struct DocumentInput: Sendable {
    /// Per field: its unique terms and, for positional fields, each term's
    /// ascending positions (their count is the term frequency).
    public var fields: [FieldInput]
    /// One value per schema column, in schema order.
    public var columns: [Int64]
    /// Stored fields (id, bytes); see FORMAT.md for the ids the engine uses.
    public var stored: [(id: UInt8, bytes: [UInt8])]

    public init(fields: [FieldInput], columns: [Int64], stored: [(id: UInt8, bytes: [UInt8])]) {
        self.fields = fields
        self.columns = columns
        self.stored = stored
    }
}

public struct FieldInput: Sendable {
    public var field: UInt8
    /// Every term's bytes back to back: term i is
    /// `termBytes[termStarts[i]..<termStarts[i + 1]]`. One flat buffer per
    /// field rather than an array per term: no allocation or reference
    /// counting per distinct word on the indexing path.
    public var termBytes: [UInt8]
    public var termStarts: [Int32]
    /// Every term's positions, ascending within a term, grouped by term:
    /// term i has `positions[positionStarts[i]..<positionStarts[i + 1]]`
    /// (their count is its frequency). Both empty for fields without
    /// positions.
    public var positions: [UInt32]
    public var positionStarts: [Int32]
    /// Term frequencies for a field without positions (empty: all 1).
    public var frequencies: [Int32]
    /// Instead of bytes, terms may be given as ids the caller resolves at
    /// flush (`TermResolver`): the caller has already interned its words, so
    /// the segment builder keys its table by number instead of hashing
    /// bytes again. Non-empty ids take the place of `termBytes`.
    public var termIDs: [UInt64] = []
    /// Whether `termIDs` are small numbers handed out 0, 1, 2, … (an
    /// analyzer's vocabulary): the builder then finds a term's slot by
    /// indexing an array instead of hashing (see `TermSlots`).
    public var denseIDs = false

    public init(
        field: UInt8, termBytes: [UInt8], termStarts: [Int32], positions: [UInt32] = [], positionStarts: [Int32] = [],
        frequencies: [Int32] = []
    ) {
        self.field = field
        self.termBytes = termBytes
        self.termStarts = termStarts
        self.positions = positions
        self.positionStarts = positionStarts
        self.frequencies = frequencies
    }

    /// From one array per term and, for positional fields, one positions
    /// array per term, or for others their frequencies (tests, fields of a
    /// few terms).
    public init(field: UInt8, terms: [[UInt8]], positions: [[UInt32]] = [], frequencies: [Int32] = []) {
        var bytes: [UInt8] = []
        var starts: [Int32] = [0]
        for term in terms {
            bytes.append(contentsOf: term)
            starts.append(Int32(bytes.count))
        }
        var positionStarts: [Int32] = positions.isEmpty ? [] : [0]
        for list in positions { positionStarts.append(positionStarts.last! + Int32(list.count)) }
        self.init(
            field: field, termBytes: bytes, termStarts: starts, positions: positions.flatMap { $0 },
            positionStarts: positionStarts, frequencies: frequencies)
    }

    /// Terms given as ids (see `termIDs`), with their positions or frequencies.
    public init(
        field: UInt8, termIDs: [UInt64], positions: [UInt32] = [], positionStarts: [Int32] = [],
        frequencies: [Int32] = [], denseIDs: Bool = false
    ) {
        self.init(
            field: field, termBytes: [], termStarts: [], positions: positions, positionStarts: positionStarts,
            frequencies: frequencies)
        self.termIDs = termIDs
        self.denseIDs = denseIDs
    }

    public var termCount: Int { termIDs.isEmpty ? max(0, termStarts.count - 1) : termIDs.count }

    public func term(_ index: Int) -> ArraySlice<UInt8> {
        termBytes[Int(termStarts[index])..<Int(termStarts[index + 1])]
    }
}

/// Turns the term ids of `FieldInput.termIDs` back into bytes when a segment
/// is flushed. Called on the thread that flushes; ids are only required to
/// stay valid until then.
public protocol TermResolver: AnyObject {
    /// Appends the bytes of term `id` of `field` to `bytes`.
    func appendBytes(field: UInt8, id: UInt64, to bytes: inout [UInt8])

    /// Appends the fold key of term `id` of `field` (what the writer's
    /// `fold` function would make of its bytes) when the resolver knows
    /// it already; returns false when it does not, and the writer folds.
    func appendFoldKey(field: UInt8, id: UInt64, to bytes: inout [UInt8]) -> Bool

    /// A number for term `id`'s fold key, the same for every term of the
    /// field with that key and dense from 0 (the builder counts each fold
    /// group's documents in an array by it), or nil when the resolver has
    /// none: the builder then folds the term's bytes itself.
    func foldID(field: UInt8, id: UInt64) -> Int32?
}

extension TermResolver {
    public func appendFoldKey(field: UInt8, id: UInt64, to bytes: inout [UInt8]) -> Bool { false }
    public func foldID(field: UInt8, id: UInt64) -> Int32? { nil }
}
