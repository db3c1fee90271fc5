import TracuuAnalysis
import TracuuStore

/// Turns a parsed query into a resolved one for a given index.
struct QueryResolver {
    let reader: IndexReader
    let ranking: Ranking
    let documents: Int
    private var cache: [TermKey: ResolvedWord] = [:]
    /// Per segment, every form met while resolving, with its dictionary
    /// entry: the scorers built next read them here instead of looking
    /// every form up again (a fifth of a one-word query's time went to
    /// dictionary blocks decoded twice).
    private(set) var segmentTerms: [[TermKey: TermInfo]]

    /// Weight of a word's title-field score added to its text score (0: none).
    var titleWeight: Double = 1

    /// Words resolved by the searcher's earlier searches (nil: none kept).
    var shared: ResolvedWordCache?

    /// The searcher's helper thread, when the search may use it: segments
    /// are then looked up on both threads (`eachSegment(parts:_:)`).
    var helper: HelperThread?

    /// Per segment, whether every document lists the names of the alias
    /// list the query's names were added from (`AliasExpander`,
    /// `NameFinder`); nil when no names were added. Where it does, an
    /// added name's articles are read from the names field.
    var namesComplete: [Bool]?
    /// Per segment, its documents written without marks (`UnmarkedTextDocs`;
    /// nil entry: not known, every document counts). A marked word's
    /// unmarked forms are left out of a segment with none such.
    var unmarkedDocs: [UnmarkedTextDocs?]

    init(reader: IndexReader, ranking: Ranking) {
        self.reader = reader
        self.ranking = ranking
        self.documents = reader.liveDocCount
        segmentTerms = reader.segments.map { _ in [:] }
        unmarkedDocs = reader.segments.map { _ in nil }
    }

    mutating func resolve(_ node: QueryNode, field: UInt8 = ArticleSchema.Field.text) throws(StoreError) -> ResolvedNode {
        switch node {
        case .word(let word):
            if word.isPrefix { return .word(try resolve(prefix: word.terms[0], field: field)) }
            if word.terms.count == 1 {
                return .word(try resolve(term: word.terms[0], field: field, readingOnly: word.readingOnly))
            }
            if let name = try lookUpName(word.terms, readingOnly: word.readingOnly, field: field) { return name }
            var words: [ResolvedWord] = []
            for term in word.terms { words.append(try resolve(term: term, field: field, readingOnly: word.readingOnly)) }
            return .phrase(words)
        case .phrase(let queryWords):
            let terms = queryWords.flatMap(\.terms)
            if let name = try lookUpName(terms, readingOnly: queryWords.allSatisfy(\.readingOnly), field: field) {
                return name
            }
            var words: [ResolvedWord] = []
            for word in queryWords {
                for term in word.terms {
                    words.append(try resolve(term: term, field: field, readingOnly: word.readingOnly))
                }
            }
            return words.count == 1 ? .word(words[0]) : .phrase(words)
        case .and(let children):
            var required: [ResolvedNode] = []
            var excluded: [ResolvedNode] = []
            for child in children {
                if case .not(let inner) = child {
                    excluded.append(try resolve(inner, field: field))
                } else {
                    required.append(try resolve(child, field: field))
                }
            }
            return .and(required: required, excluded: excluded)
        case .or(let children):
            var resolved: [ResolvedNode] = []
            for child in children { resolved.append(try resolve(child, field: field)) }
            return .or(resolved)
        case .not(let inner):
            // A lone exclusion is rejected by the parser; treat defensively as nothing.
            return .and(required: [], excluded: [try resolve(inner, field: field)])
        case .field(let name, let child):
            return try resolve(child, field: name == "title" ? ArticleSchema.Field.title : field)
        }
    }

    /// Looks a phrase that is an added alias name
    /// (`ResolvedWord.aliasNameKey`) up in the names field of each segment
    /// indexed with the search's list: its entry goes to `segmentTerms`,
    /// where no entry then means no article there holds the name
    /// (`ScoringContext.namePostings`).
    ///
    /// When every segment lists the names, the name is one term of the
    /// names field (`nameWord`), or matches nothing (an empty OR) when no
    /// article holds it; nil otherwise: the phrase's words are resolved
    /// then, and it is found by positions where a segment does not list it.
    private mutating func lookUpName(
        _ terms: [String], readingOnly: Bool, field: UInt8
    ) throws(StoreError) -> ResolvedNode? {
        guard let key = ResolvedWord.aliasNameKey(terms: terms, readingOnly: readingOnly, field: field),
            let complete = namesComplete
        else { return nil }
        var docFreq = 0
        for (index, segment) in reader.segments.enumerated() where complete[index] {
            guard let info = try segment.dictionary.lookup(key) else { continue }
            segmentTerms[index][TermKey(key)] = info
            docFreq += try QueryResolver.liveDocFreq(info, in: segment)
        }
        guard complete.allSatisfy({ $0 }) else { return nil }
        return docFreq == 0 ? .or([]) : .word(nameWord(terms, key: key, docFreq: docFreq))
    }

    /// An added alias name of several words as one word: its term in the
    /// names field, whose frequency is how many times the article's text
    /// holds the name, scored as any word of the text (its length, its
    /// idf from the articles holding the name).
    ///
    /// Why: scored as a phrase, a name was the sum of its words' scores,
    /// each word counted wherever it stands: "các", "quốc", "gia" in
    /// "Hiệp hội các quốc gia Đông Nam Á" (for "ASEAN") ranked an article
    /// by how often it used those common words, not the name. And every
    /// word was looked up in every segment and field and walked: a search
    /// for "ASEAN" or "WTO" took three to four times one for a word. As one
    /// term the name is one lookup a segment and one postings list, and
    /// the search is a plain OR of words, counted from bits. A name has no
    /// title twin: the names field lists the title's names with the body's.
    private func nameWord(_ terms: [String], key: [UInt8], docFreq: Int) -> ResolvedWord {
        let idf = ranking.idf(docFreq: docFreq, documents: documents)
        let name = terms.joined(separator: " ")
        var word = ResolvedWord(
            term: name, field: ArticleSchema.Field.names,
            variants: [
                ResolvedWord.Variant(
                    term: name, key: key, tier: .exact, weight: 1, docFreq: docFreq, idf: idf, isReading: true)
            ],
            readingDocFreq: docFreq, readingIDF: idf)
        word.looseForms = .none
        word.nameWords = terms.map { term in
            var part = ResolvedWord(
                term: term, field: ArticleSchema.Field.text, variants: [], readingDocFreq: docFreq, readingIDF: idf)
            part.looseForms = .none
            return part
        }
        return word
    }

    /// The compound-word pairs of a chain of words, with index-wide idf.
    func resolvePairs(_ chain: [ResolvedWord]) throws(StoreError) -> [ResolvedPair] {
        var pairs: [ResolvedPair] = []
        for (index, (a, b)) in zip(chain, chain.dropFirst()).enumerated() {
            let key = ArticleSchema.pairKey(a.term, b.term)
            var docFreq = 0
            for segment in reader.segments {
                if let info = try segment.dictionary.lookup(key) {
                    docFreq += try QueryResolver.liveDocFreq(info, in: segment)
                }
            }
            guard docFreq > 0 else { continue }
            pairs.append(
                ResolvedPair(
                    first: index, key: key, docFreq: docFreq, idf: ranking.idf(docFreq: docFreq, documents: documents),
                    text: "\(a.term) \(b.term)"))
        }
        return pairs
    }

    /// The word with only its reading's forms when `readingOnly` (the
    /// reading's statistics are the word's own either way).
    ///
    /// A reading-only word is taken as written: without marks ("nam" in
    /// "Đông Nam Á") it means that spelling, not every form of its letters
    /// ("năm", "nắm"), which only a word a user typed bare asks for. Read
    /// as typed bare, the alias phrase for "ASEAN" matched "quốc giá đông
    /// năm á" and cost a union of "nam" with "năm" (in nine articles of
    /// ten) on every search for the name.
    mutating func resolve(term: String, field: UInt8, readingOnly: Bool) throws(StoreError) -> ResolvedWord {
        readingOnly ? try resolve(reading: term, field: field) : try resolve(term: term, field: field)
    }

    /// A word only its reading counts for, read as written: its spellings
    /// (`VietnameseSpelling.spellings(of:)`), each looked up by its key,
    /// with the same statistics as the word's reading in its fold group.
    ///
    /// Why: the fold group holds every form with the word's letters, which
    /// a word of an alias reads only to drop: "i" in "I-rắc" (for "Iraq")
    /// would read twelve forms, "ì" to "ỵ", in each segment and field, to
    /// keep one. An alias's words were half a one-word query's first
    /// resolution.
    mutating func resolve(reading term: String, field: UInt8) throws(StoreError) -> ResolvedWord {
        // Cached apart from the word read with its looser forms (a byte
        // never in a term).
        func queryKey(_ field: UInt8) -> TermKey { TermKey(ArticleSchema.key(field, term) + [1]) }
        let inTitle: (inout QueryResolver) throws(StoreError) -> ResolvedWord = {
            try $0.resolve(reading: term, field: ArticleSchema.Field.title)
        }
        if let known = try known(queryKey(field), inTitle: inTitle) { return known }
        let fields = lookedUpTogether(field, titleKey: queryKey(ArticleSchema.Field.title))
        let spellings = VietnameseSpelling.spellings(of: term)
        let found = try eachSegment(parts: fields.count) { _, segment, part, _ throws(StoreError) -> SegmentForms in
            var found = SegmentForms()
            for spelling in spellings {
                let key = ArticleSchema.key(fields[part], spelling)
                guard let info = try segment.dictionary.lookup(key) else { continue }
                found.forms.append(
                    SegmentForms.Form(
                        key: key, info: info, tier: nil, docFreq: try QueryResolver.liveDocFreq(info, in: segment)))
            }
            found.readingDocFreq = try QueryResolver.unionLiveDocFreq(found.forms.map(\.info), in: segment)
            return found
        }
        let grader = MatchTier.Grader(query: term)
        let (ranking, documents) = (self.ranking, self.documents)  // read while `keepEach` mutates self
        return try keepEach(fields, found, as: queryKey, inTitle: inTitle) { field, gathered in
            let readingIDF = ranking.idf(docFreq: gathered.readingDocFreq, documents: documents)
            let variants = gathered.docFreqs.map { termKey, docFreq in
                let key = termKey.bytes
                let form = String(decoding: key.dropFirst(), as: UTF8.self)
                let tier = grader.tier(of: form)
                return ResolvedWord.Variant(
                    term: form, key: key, tier: tier, weight: tier.weight(queryIsBare: false), docFreq: docFreq,
                    idf: readingIDF, isReading: true)
            }.sorted { ($0.tier, $0.term) < ($1.tier, $1.term) }
            var word = ResolvedWord(
                term: term, field: field, variants: variants, readingDocFreq: gathered.readingDocFreq,
                readingIDF: readingIDF)
            word.looseForms = .none
            return word
        }
    }

    /// The word of each of `fields` built from its forms found in every
    /// segment (`found`, by field), kept, the title's twin first so that
    /// the text word's `keep` finds it kept; returns the first field's.
    private mutating func keepEach(
        _ fields: [UInt8], _ found: [[SegmentForms]], as queryKey: (UInt8) -> TermKey,
        inTitle: (inout QueryResolver) throws(StoreError) -> ResolvedWord,
        build: (UInt8, Gathered) -> ResolvedWord
    ) throws(StoreError) -> ResolvedWord {
        var word: ResolvedWord?
        for (part, field) in fields.enumerated().reversed() {
            let gathered = gather(found[part])
            word = try keep(build(field, gathered), as: queryKey(field), forms: gathered.formsMet, inTitle: inTitle)
        }
        return word!
    }

    /// The fields a word of `field` is looked up in at once: its own, and
    /// the title's when its title twin (`keep`) is neither kept nor known
    /// to the searcher (`titleKey`, the twin's query key).
    ///
    /// Why: one round of lookups in every segment instead of two. Each
    /// round is shared with the helper thread and waits for its last
    /// segment; a word and its twin took two.
    private func lookedUpTogether(_ field: UInt8, titleKey: TermKey) -> [UInt8] {
        guard titleWeight > 0, field == ArticleSchema.Field.text, cache[titleKey] == nil,
            shared?[sharedKey(titleKey)] == nil
        else { return [field] }
        return [field, ArticleSchema.Field.title]
    }

    /// The word resolved as `queryKey` before, in this search or (with its
    /// forms' entries) an earlier one of the searcher; nil when it is new.
    /// `inTitle` resolves its title-field twin, whose forms have an entry
    /// of their own.
    private mutating func known(
        _ queryKey: TermKey, inTitle: (inout QueryResolver) throws(StoreError) -> ResolvedWord
    ) throws(StoreError) -> ResolvedWord? {
        if let cached = cache[queryKey] { return cached }
        guard let entry = shared?[sharedKey(queryKey)] else { return nil }
        for (segmentIndex, forms) in entry.forms.enumerated() {
            for (key, info) in forms { segmentTerms[segmentIndex][TermKey(key)] = info }
        }
        if !entry.word.inTitle.isEmpty { _ = try inTitle(&self) }
        cache[queryKey] = entry.word
        return entry.word
    }

    /// The searcher's cache entry of a word resolved as `queryKey` under
    /// this search's ranking and title weight.
    private func sharedKey(_ queryKey: TermKey) -> ResolvedWordCache.Key {
        ResolvedWordCache.Key(queryKey: queryKey, ranking: ranking, titleWeight: titleWeight)
    }

    /// Adds a text-field word's title-field twin (`inTitle`), keeps the
    /// word for later uses (`known`), and returns it.
    private mutating func keep(
        _ word: ResolvedWord, as queryKey: TermKey, forms: [[(key: [UInt8], info: TermInfo)]],
        inTitle: (inout QueryResolver) throws(StoreError) -> ResolvedWord
    ) throws(StoreError) -> ResolvedWord {
        var word = word
        if titleWeight > 0, word.field == ArticleSchema.Field.text {
            word.inTitle = [try inTitle(&self)]
            word.titleWeight = titleWeight
        }
        cache[queryKey] = word
        shared?.store(
            ResolvedWordCache.Entry(word: word, forms: forms),
            for: sharedKey(queryKey))
        return word
    }

    /// The word with every form of its fold group, graded: a word typed
    /// without marks reads them all.
    mutating func resolve(term: String, field: UInt8) throws(StoreError) -> ResolvedWord {
        func queryKey(_ field: UInt8) -> TermKey { TermKey(ArticleSchema.key(field, term)) }
        let inTitle: (inout QueryResolver) throws(StoreError) -> ResolvedWord = {
            try $0.resolve(term: term, field: ArticleSchema.Field.title)
        }
        if let known = try known(queryKey(field), inTitle: inTitle) { return known }
        let fields = lookedUpTogether(field, titleKey: queryKey(ArticleSchema.Field.title))
        let foldKeys = fields.map { [$0] + Array(TermForms.foldKey(term).utf8) }
        let grader = MatchTier.Grader(query: term)
        let bare = grader.queryIsBare
        let unmarkedDocs = self.unmarkedDocs
        let graded = [GradedForms(), GradedForms()]
        let found = try eachSegment(parts: fields.count) {
            segmentIndex, segment, part, worker throws(StoreError) -> SegmentForms in
            var found = SegmentForms()
            var readingInfos: [TermInfo] = []
            let group = try segment.dictionary.foldGroup(foldKeys[part])
            var wholeGroupReads = true
            for (key, info) in try segment.dictionary.terms(at: group?.ordinals ?? []) {
                // Another word that shares the letters of a toned word.
                guard let tier = graded[worker].tier(of: key, grader) else {
                    wholeGroupReads = false
                    continue
                }
                var form = SegmentForms.Form(
                    key: key, info: info, tier: tier, docFreq: try QueryResolver.liveDocFreq(info, in: segment))
                if QueryResolver.isReading(query: term, bare: bare, candidate: key, tier: tier) {
                    readingInfos.append(info)
                } else {
                    wholeGroupReads = false
                    // The letters of a marked word written without marks,
                    // in a segment where every article is written with
                    // them: another word there (its statistics stay the
                    // index's, so the ranking does not depend on segments).
                    form.searched = bare || unmarkedDocs[segmentIndex]?.isEmpty != true
                }
                found.forms.append(form)
            }
            // The segment counted the group's documents when it was
            // written: a word typed without marks, whose reading is
            // (nearly always) its whole group, decodes no postings here.
            if wholeGroupReads, segment.deletions == nil, let documents = group?.docFreq {
                found.readingDocFreq = documents
            } else {
                found.readingDocFreq = try QueryResolver.unionLiveDocFreq(readingInfos, in: segment)
            }
            return found
        }
        let (ranking, documents) = (self.ranking, self.documents)  // read while `keepEach` mutates self
        return try keepEach(fields, found, as: queryKey, inTitle: inTitle) { field, gathered in
            let readingDocFreq = gathered.readingDocFreq
            let readingIDF = ranking.idf(docFreq: readingDocFreq, documents: documents)
            let variants = gathered.docFreqs.map { termKey, docFreq in
                let key = termKey.bytes
                let tier = gathered.tiers[termKey]!
                let isReading = QueryResolver.isReading(query: term, bare: bare, candidate: key, tier: tier)
                // A bare word's other forms differ only by i/y ("mì" for "my"):
                // as close as a spelling variant.
                let weight =
                    bare && !isReading ? MatchTier.variant.weight(queryIsBare: false) : tier.weight(queryIsBare: bare)
                return ResolvedWord.Variant(
                    term: String(decoding: key.dropFirst(), as: UTF8.self), key: key, tier: tier,
                    weight: weight, docFreq: docFreq,
                    idf: isReading ? readingIDF : min(ranking.idf(docFreq: docFreq, documents: documents), readingIDF > 0 && readingDocFreq > 0 ? readingIDF : .infinity),
                    isReading: isReading)
            }.sorted { ($0.tier, $0.term) < ($1.tier, $1.term) }
            var word = ResolvedWord(
                term: term, field: field, variants: variants, readingDocFreq: readingDocFreq, readingIDF: readingIDF)
            word.looseForms = bare ? .all : .unmarked
            return word
        }
    }

    /// Most words a prefix expands to: the most frequent fold groups (each
    /// with all its toned forms) among those starting with it.
    static let prefixExpansions = 128

    /// A prefix query word (`ngoai*`): every index form whose fold key
    /// starts with the prefix's fold key, all counted as one reading, as a
    /// word typed without marks is. The expansion keeps the most frequent
    /// `prefixExpansions` words, so a short prefix stays fast.
    mutating func resolve(prefix: String, field: UInt8) throws(StoreError) -> ResolvedWord {
        let queryKey = TermKey(ArticleSchema.key(field, prefix + "*"))
        if let cached = cache[queryKey] { return cached }
        let foldPrefix = [field] + Array(TermForms.foldKey(prefix).utf8)
        // Each segment's fold groups under the prefix, with their forms'
        // entries, read on either thread (a short prefix reads thousands of
        // entries a segment: most of a prefix query's time, on one thread
        // before); then added up in segment order.
        let found = try eachSegment { _, segment, _ throws(StoreError) -> [(group: [UInt8], forms: [([UInt8], TermInfo)])] in
            try segment.dictionary.foldGroups(withPrefix: foldPrefix, limit: 20_000).map { group throws(StoreError) in
                var forms: [([UInt8], TermInfo)] = []
                for ordinal in group.ordinals { forms.append(try segment.dictionary.term(at: ordinal)) }
                return (group.key, forms)
            }
        }
        var groupFreq: [[UInt8]: Int] = [:]
        var formsOfGroup: [[UInt8]: Set<[UInt8]>] = [:]
        let infosBySegment = found.map { groups in
            var infos: [[UInt8]: TermInfo] = [:]
            for (group, forms) in groups {
                for (key, info) in forms {
                    groupFreq[group, default: 0] += info.docFreq
                    formsOfGroup[group, default: []].insert(key)
                    infos[key] = info
                }
            }
            return infos
        }
        let kept = groupFreq.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.lexicographicallyPrecedes($1.key) }
            .prefix(QueryResolver.prefixExpansions)
        let forms = Set(kept.flatMap { formsOfGroup[$0.key]! })
        // The kept forms' live counts, each segment on either thread: the
        // union of a short prefix's forms decodes their postings.
        let gathered = gather(
            try eachSegment { segmentIndex, segment, _ throws(StoreError) -> SegmentForms in
                var found = SegmentForms()
                for (key, info) in infosBySegment[segmentIndex] where forms.contains(key) {
                    found.forms.append(
                        SegmentForms.Form(
                            key: key, info: info, tier: .exact, docFreq: try QueryResolver.liveDocFreq(info, in: segment)))
                }
                found.readingDocFreq = try QueryResolver.unionLiveDocFreq(found.forms.map(\.info), in: segment)
                return found
            })
        let (docFreqs, readingDocFreq) = (gathered.docFreqs, gathered.readingDocFreq)
        let readingIDF = ranking.idf(docFreq: readingDocFreq, documents: documents)
        let variants = docFreqs.map { termKey, docFreq in
            let key = termKey.bytes
            return ResolvedWord.Variant(
                term: String(decoding: key.dropFirst(), as: UTF8.self), key: key, tier: .exact, weight: 1,
                docFreq: docFreq, idf: readingIDF, isReading: true)
        }.sorted { $0.term < $1.term }
        var word = ResolvedWord(
            term: prefix + "*", field: field, variants: variants, readingDocFreq: readingDocFreq,
            readingIDF: readingIDF)
        word.isPrefix = true
        if titleWeight > 0, field == ArticleSchema.Field.text {
            word.inTitle = [try resolve(prefix: prefix, field: ArticleSchema.Field.title)]
            word.titleWeight = titleWeight
        }
        cache[queryKey] = word
        return word
    }

    /// `body(segment index, segment, part, worker)` for every part (a
    /// word's fields, `0..<parts`) of every segment, in one round; the
    /// values come back by part, each in segment order. The work is shared
    /// with the searcher's helper thread when it lends one (`helper`;
    /// `worker` 1 there, 0 here).
    ///
    /// Why: a word is looked up in every segment and field (fold group,
    /// its forms' dictionary blocks, their counts): about a fifth of a
    /// one-word query's time on the benchmark's indexes of four and eight
    /// segments, all on one thread while the other core waited for the
    /// walk.
    func eachSegment<Value>(
        parts: Int, _ body: @escaping (Int, SegmentReader, Int, Int) throws(StoreError) -> Value
    ) throws(StoreError) -> [[Value]] {
        let segments = reader.segments
        let count = segments.count * parts
        var flat: [Value] = []
        if let helper, count > 1 {
            do {
                flat = try helper.sharing(count) { index, worker in
                    try body(index / parts, segments[index / parts], index % parts, worker)
                }
            } catch {
                throw error as! StoreError  // what `body` throws
            }
        } else {
            for index in 0..<count { flat.append(try body(index / parts, segments[index / parts], index % parts, 0)) }
        }
        return (0..<parts).map { part in stride(from: part, to: count, by: parts).map { flat[$0] } }
    }

    /// `eachSegment(parts:_:)` of one part: `body(segment index, segment,
    /// worker)`, the values in segment order.
    func eachSegment<Value>(
        _ body: @escaping (Int, SegmentReader, Int) throws(StoreError) -> Value
    ) throws(StoreError) -> [Value] {
        try eachSegment(parts: 1) { index, segment, _, worker throws(StoreError) in try body(index, segment, worker) }[0]
    }

    /// One segment's forms of a word (see `resolve(term:field:)`,
    /// `resolve(reading:field:)` and `resolve(prefix:field:)`), found on
    /// either thread.
    struct SegmentForms {
        struct Form {
            var key: [UInt8]
            var info: TermInfo
            /// The form's tier (nil: graded later, from the index-wide forms).
            var tier: MatchTier?
            /// Live documents holding the form in the segment.
            var docFreq: Int
            /// Whether the search reads the form in this segment (its
            /// statistics count either way).
            var searched = true
        }
        var forms: [Form] = []
        /// Live documents holding any form of the word's reading.
        var readingDocFreq = 0
    }

    /// Records a word's forms found in each segment where the scorers read
    /// them (`segmentTerms`, those searched), and adds up their statistics:
    /// each form's documents and tier over the index, the reading's
    /// documents, and per segment the forms to keep with the word.
    private mutating func gather(_ found: [SegmentForms]) -> Gathered {
        var gathered = Gathered(formsMet: reader.segments.map { _ in [] })
        for (segmentIndex, segmentForms) in found.enumerated() {
            for form in segmentForms.forms {
                let termKey = TermKey(form.key)
                if let tier = form.tier { gathered.tiers[termKey] = tier }
                gathered.docFreqs[termKey, default: 0] += form.docFreq
                if form.searched {
                    segmentTerms[segmentIndex][termKey] = form.info
                    gathered.formsMet[segmentIndex].append((form.key, form.info))
                }
            }
            gathered.readingDocFreq += segmentForms.readingDocFreq
        }
        return gathered
    }

    /// A word's forms over the index (`gather`).
    struct Gathered {
        /// Per segment, the forms the search reads there.
        var formsMet: [[(key: [UInt8], info: TermInfo)]]
        var docFreqs: [TermKey: Int] = [:]
        var tiers: [TermKey: MatchTier] = [:]
        var readingDocFreq = 0
    }

    /// The tiers of the forms one thread graded for a word, kept across
    /// segments (the same forms recur in each).
    final class GradedForms {
        private var tiers: [TermKey: MatchTier?] = [:]

        func tier(of key: [UInt8], _ grader: MatchTier.Grader) -> MatchTier? {
            let termKey = TermKey(key)
            if let known = tiers[termKey] { return known }
            let tier = grader.match(String(decoding: key.dropFirst(), as: UTF8.self))
            tiers[termKey] = tier
            return tier
        }
    }

    /// Whether an index form belongs to the query word's reading: for a word
    /// typed without marks, the forms that spell its letters ("ngoại",
    /// "ngoài" for "ngoai"; not "mì" for "my"); for a toned word, its spelling
    /// and its spelling variants.
    static func isReading(query: String, bare: Bool, candidate key: [UInt8], tier: MatchTier) -> Bool {
        if bare { return TermForms.letters(String(decoding: key.dropFirst(), as: UTF8.self)) == query }
        return tier <= .variant
    }

    /// Live documents of a segment holding any of the terms (a union, not a
    /// sum: an article with both "hoà" and "hòa" counts once).
    static func unionLiveDocFreq(_ infos: [TermInfo], in segment: SegmentReader) throws(StoreError) -> Int {
        try segment.documentCount(holdingAnyOf: infos)
    }

    /// Live documents of a segment holding the term, so an incrementally
    /// updated index scores exactly like a fresh build of the same
    /// articles: the dictionary's count without deletions.
    static func liveDocFreq(_ info: TermInfo, in segment: SegmentReader) throws(StoreError) -> Int {
        try segment.documentCount(holdingAnyOf: [info])
    }
}
