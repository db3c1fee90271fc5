/// What the engine stores for each document: indexed fields, fixed-width
/// columns and stored fields. The store keeps bytes; the schema only says how
/// many of each there are and which column holds each field's length.
public struct IndexSchema: Sendable {
    public struct Field: Sendable {
        public var id: UInt8
        public var name: String
        /// Whether positions are recorded (phrases, proximity).
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

    public init(fields: [Field], columns: [Column]) {
        self.fields = fields
        self.columns = columns
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
    public var terms: [[UInt8]]
    /// Every term's positions, ascending within a term, grouped by term in
    /// `terms` order: term i has `positions[positionStarts[i]..<positionStarts[i + 1]]`
    /// (their count is its frequency). Both empty for fields without
    /// positions, whose terms all have frequency 1. One flat array rather
    /// than an array per term: no allocation per distinct word.
    public var positions: [UInt32]
    public var positionStarts: [Int32]

    public init(field: UInt8, terms: [[UInt8]], positions: [UInt32], positionStarts: [Int32]) {
        self.field = field
        self.terms = terms
        self.positions = positions
        self.positionStarts = positionStarts
    }

    /// From one positions array per term (tests, small inputs).
    public init(field: UInt8, terms: [[UInt8]], positions: [[UInt32]]) {
        self.field = field
        self.terms = terms
        self.positions = positions.flatMap { $0 }
        var starts: [Int32] = [0]
        for list in positions { starts.append(starts.last! + Int32(list.count)) }
        self.positionStarts = positions.isEmpty ? [] : starts
    }
}
