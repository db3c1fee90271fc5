internal import CTracuuHTML

/// A page parsed by libxml2's HTML parser, and a read-only view of its nodes.
///
/// Nodes are borrowed pointers into the document: they must not outlive it,
/// which `withDocument` enforces by scoping.
struct HTMLDocument: ~Copyable {
    private let handle: OpaquePointer

    /// Parses UTF-8 HTML (recover mode, no network). Nil when libxml2 builds
    /// no tree at all.
    init?(utf8 text: String) {
        var copy = text
        let parsed = copy.withUTF8 { CTracuuHTML_parseUTF8($0.baseAddress, Int64($0.count)) }
        guard let parsed else { return nil }
        handle = parsed
    }

    deinit { CTracuuHTML_free(handle) }

    var root: HTMLNode? { CTracuuHTML_root(handle).map(HTMLNode.init) }

    static var libxmlVersion: String { String(cString: CTracuuHTML_libxmlVersion()) }
}

/// One node of an `HTMLDocument`.
struct HTMLNode: Hashable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    enum Kind { case element, text, comment, other }

    var kind: Kind {
        switch Int(CTracuuHTML_kind(pointer)) {
        case Int(CTracuuHTML_ELEMENT): .element
        case Int(CTracuuHTML_TEXT), Int(CTracuuHTML_CDATA): .text
        case Int(CTracuuHTML_COMMENT): .comment
        default: .other
        }
    }

    /// Lower-case tag name of an element, "" otherwise.
    var name: String { CTracuuHTML_name(pointer).map { String(cString: $0) } ?? "" }

    /// Text of a text node as libxml2 holds it (UTF-8, NUL-terminated),
    /// valid while the document is; nil for other nodes.
    var textPointer: UnsafePointer<CChar>? { CTracuuHTML_text(pointer) }

    /// Text of a text node, "" otherwise.
    var text: String { CTracuuHTML_text(pointer).map { String(cString: $0) } ?? "" }

    var firstChild: HTMLNode? { CTracuuHTML_firstChild(pointer).map(HTMLNode.init) }
    var nextSibling: HTMLNode? { CTracuuHTML_nextSibling(pointer).map(HTMLNode.init) }
    var parent: HTMLNode? { CTracuuHTML_parent(pointer).map(HTMLNode.init) }

    var children: [HTMLNode] {
        var result: [HTMLNode] = []
        var child = firstChild
        while let node = child {
            result.append(node)
            child = node.nextSibling
        }
        return result
    }

    func attribute(_ name: String) -> String? {
        CTracuuHTML_attribute(pointer, name).map { String(cString: $0) }
    }

    /// The element's class and id, lower-cased and joined by a space, as
    /// bytes the C shim writes into a stack buffer (truncated at 4 KiB).
    private func withClassAndID<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { buffer in
            let count = CTracuuHTML_classAndID(pointer, buffer.baseAddress!, 4096)
            return body(UnsafeBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// Which of `lists` the element's class and id name, without building a
    /// String: the walk asks this of every element.
    func classWords(_ lists: ClassWordLists) -> UInt32 {
        withClassAndID { $0.isEmpty ? 0 : lists.matches(bytes: $0) }
    }

    /// Whether the element is hidden (`hidden`, `aria-hidden`, an inline
    /// `display:none`) and its itemprop/property, in one pass over its
    /// attributes.
    var visibility: (hidden: Bool, property: String?) {
        var raw = CTracuuHTMLElementInfo()
        CTracuuHTML_elementInfo(pointer, &raw)
        return (raw.hidden != 0, raw.property.map { String(cString: $0) })
    }

    /// True when attribute `name` has `value` (ASCII, any case), without
    /// building strings: for tests run on every element.
    func attribute(_ name: String, is value: String) -> Bool { CTracuuHTML_attributeIs(pointer, name, value) != 0 }

    /// "class" and "id" together, lower-cased: what boilerplate patterns match.
    var classAndID: String { withClassAndID { String(decoding: $0, as: UTF8.self) } }

    /// All text below this node, in document order.
    var textContent: String {
        var parts: [String] = []
        collectText(into: &parts)
        return parts.joined()
    }

    private func collectText(into parts: inout [String]) {
        switch kind {
        case .text: parts.append(text)
        case .element:
            var child = firstChild
            while let node = child {
                node.collectText(into: &parts)
                child = node.nextSibling
            }
        default: break
        }
    }

    /// True when an element below this one has a name `predicate` accepts.
    func containsElement(where predicate: (String) -> Bool) -> Bool {
        var found = false
        visitElements { node in
            if found { return false }
            if predicate(node.name) { found = true }
            return !found
        }
        return found
    }

    /// Characters of text inside `<p>` elements below this one, counted up
    /// to `limit` (the walk stops there).
    func paragraphCharacters(upTo limit: Int) -> Int {
        var total = 0
        visitElements { node in
            guard total < limit else { return false }
            if node.name == "p" {
                total += node.textContent.utf8.count
                return false
            }
            return true
        }
        return total
    }

    /// Visits elements depth first; returning false skips an element's children.
    func visitElements(_ body: (HTMLNode) -> Bool) {
        var child = firstChild
        while let node = child {
            if node.kind == .element, body(node) { node.visitElements(body) }
            child = node.nextSibling
        }
    }
}
