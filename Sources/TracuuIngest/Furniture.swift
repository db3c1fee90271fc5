import FoundationEssentials
import TracuuText

/// Page furniture: the headings, counters and link boxes that portals wrap
/// around an article. Recognized by their (folded) wording, which is the
/// same on every Vietnamese government site, and by their shape.
enum Furniture {
    /// Headings that open a list of other articles: what follows them is
    /// skipped until a paragraph of prose (a box inside a story) or the end.
    static let listHeadings: [String] = [
        "cac tin khac", "cac thong tin khac", "tin khac", "tin cung chuyen muc", "tin lien quan",
        "bai viet lien quan", "tin bai lien quan", "cac bai viet khac", "bai viet khac", "cac bai khac",
        "tin moi nhat", "tin moi hon", "tin cu hon", "tin da dua", "tin noi bat", "xem them", "doc them",
        "co the ban quan tam", "ban co the quan tam", "tin tuc khac", "related articles", "related news",
        "read more", "more stories", "see also", "tin xem nhieu", "doc nhieu nhat", "xem nhieu nhat",
        // Other languages of the benchmark pages (folded, lower-case).
        "related posts", "related stories", "you may also like", "you might also like", "more from", "more in", "more on", "also read",
        "read also", "recommended", "more news", "latest news", "mehr zum thema", "weitere themen", "auch interessant",
        "weitere artikel", "verwandte artikel", "ahnliche artikel", "lesen sie auch", "das konnte sie auch interessieren",
        "weitere aktuelle themen", "weitere nachrichten", "meistgelesen", "lire aussi", "a lire aussi",
        "sur le meme sujet", "articles similaires", "noticias relacionadas", "articulos relacionados",
        "te puede interesar", "mas noticias", "leer mas", "most read", "most popular", "trending", "popular now",
        "voce pode gostar", "veja tambem", "leia tambem", "relacionados", "potrebbe interessarti", "leggi anche",
        "ahnliche beitrage", "verwandte beitrage", "mehr zu", "das konnte sie interessieren", "empfehlungen",
        "explore further", "related coverage", "weiterfuhrende informationen", "weiterfuhrende links",
        "weiterfuhrender link", "uber den autor", "about the author", "ve tac gia", "das konnte dich auch interessieren",
        "das konnte dich interessieren", "mehr von", "zur person",
    ]

    /// Phrases that make any short line furniture: counters and widgets.
    static let widgetPhrases: [String] = [
        "sharing is caring", "affiliate link", "jetzt teilen", "artikel teilen", "beitrag teilen", "tempo de leitura", "reading time", "min read", "minute read", "lesezeit",
        "thong ke truy cap", "so luot truy cap", "luot truy cap", "so nguoi truc tuyen", "dang truc tuyen",
        "dang online", "hit counter", "truy cap hom nay", "tong truy cap", "tong so truy cap", "luot xem",
        // Download and zoom buttons.
        "als pdf", "pdf herunterladen", "download pdf", "download as pdf", "zum vergrossern", "click to enlarge",
    ]

    /// Phrases that are furniture when they are (nearly) the whole line:
    /// "Liên hệ" alone is a menu item, "Liên hệ hợp tác với Lào" a headline.
    static let labelPhrases: [String] = [
        "lien ket website", "lien ket", "ho tro truc tuyen", "chia se bai viet", "chia se", "xem tin theo ngay",
        "in bai viet", "in trang", "gui email", "gui bai viet", "y kien cua ban", "y kien ban doc", "dang nhap",
        "dang ky", "trang chu", "ban quyen", "len dau trang", "ve dau trang", "quay lai", "tro ve", "phan hoi",
        "binh luan", "gop y", "lien he", "so do trang", "so do website", "tim kiem", "bo tin", "bao in", "share",
        "tweet", "facebook", "zalo", "copyright", "xem tiep", "con tiep", "email", "print", "menu", "video", "anh",
        "tags", "tag", "schlagworte", "weiterlesen", "mehr lesen", "kommentare", "kommentar schreiben",
        "kommentare geschlossen", "kommentare schreiben", "comments", "leave a comment", "leave a reply", "reklama",
        "anzeige", "werbung", "advertisement", "teilen", "drucken", "share this", "lire la suite", "partager",
        "compartir", "imprimir", "weitere informationen", "further information", "more information", "caption",
        "close", "back to gallery", "gallery", "view gallery", "enlarge", "zoom", "bild anzeigen", "bild vergrossern",
        "kontakt", "permalink", "permalien", "drukuj", "externer inhalt", "erschienen in", "themen", "tai ve",
    ]
    /// Words that open a picture's credit line ("Foto: Sascha Klahn",
    /// "Ảnh: TTXVN", "(Photo: AP)"), and agencies credited alone.
    static let creditWords: Set<String> = [
        "foto", "fotos", "photo", "photos", "bild", "bilder", "kuva", "credit", "credits", "image", "images", "anh",
        "picture", "pictures", "fotografia",
    ]
    static let creditAlone: Set<String> = [
        "getty images", "getty", "reuters", "ap", "afp", "dpa", "epa", "shutterstock", "istock", "imago", "ttxvn",
        "ap photo", "afp/getty images", "picture alliance",
    ]
    /// Metadata lines above or below a post ("Posted by K A", "Kategorie:
    /// News"), up to 200 characters: they open with these words and say
    /// nothing of the story.
    static let metaPrefixes: [String] = [
        "posted by ", "posted in ", "filed under", "kategorie:", "kategorien:", "category:", "categories:",
        "erstellt am ", "der beitrag wurde am ", "dieser beitrag wurde am ", "eingestellt von ", "this entry was posted",
        "ultima modifica", "war der artikel nutzlich", "themen:",
        "was this article helpful", "bai viet co huu ich", "noch keine bewertungen", "gefallt mir",
    ]

    /// First words of a slideshow counter ("Image 1 of 8", "Bild 2 von 5").
    static let counterWords: Set<String> = ["image", "photo", "slide", "picture", "bild", "foto", "anh", "hinh"]

    /// True when `text` is a heading that opens a list of other articles.
    static func isListHeading(_ text: String) -> Bool {
        guard text.unicodeScalars.count <= 60 else { return false }
        return isListHeading(key: Folding.matchKey(text))
    }

    private static func isListHeading(key: String) -> Bool {
        let key = key.trimmingScalars(headingTrim)
        if listHeadingSet.contains(key) { return true }
        return listHeadingPrefixes.contains { key.hasPrefix($0.prefix) && key.utf8.count <= $0.limit }
    }

    // Lookup forms of the lists above, built once: these checks run on every
    // short block of every page.
    private static let listHeadingSet = Set(listHeadings)
    private static let listHeadingPrefixes = listHeadings.map { (prefix: $0 + " ", limit: $0.utf8.count + 20) }
    private static let widgetMatcher = ClassWords(widgetPhrases)
    private static let labelSet = Set(labelPhrases)
    /// The first three bytes of each metadata prefix (ASCII, lower case), so
    /// long lines are ruled out before any folding.
    private static let metaStarts = Set(metaPrefixes.map { $0.utf8.prefix(3).reduce(UInt32(0)) { $0 << 8 | UInt32($1 | 0x20) } })
    private static let headingTrim = Set(":.-–—>»|…!? ".unicodeScalars)
    private static let labelTrim = Set(":.-–—>»|…/ 0123456789".unicodeScalars)
    private static let creditTrim = Set("()[]©. ".unicodeScalars)

    /// "Foto: Sascha Klahn", "(Ảnh: TTXVN)", "Getty Images": a credit line
    /// of at most a few words, with no sentence after it.
    static func isCredit(_ key: String) -> Bool {
        // "© Matthias Hangst/Getty Images": a rights holder, not a sentence.
        if key.hasPrefix("©") && key.utf8.count <= 80 && key.split(separator: " ").count <= 8 { return true }
        guard key.utf8.count <= 56 else { return false }
        let bare = key.trimmingScalars(creditTrim)
        if creditAlone.contains(bare) { return true }
        guard let colon = bare.firstIndex(of: ":"), bare.utf8.count <= 50 else { return false }
        let label = bare[..<colon].trimmed()
        return creditWords.contains(label) && bare[colon...].split(separator: " ").count <= 5
    }

    /// A picture caption without the credit at its end: "Merkel in Berlin.
    /// Foto: GdP/Hagen Immel", "... am Mahnmal © Bundesregierung | Jesco
    /// Denzel", "(mlharing / iStock.com)". The caption is the story's; who
    /// took the picture is not. Vietnamese captions keep their "Ảnh: TTXVN":
    /// the press there credits its sources as part of the caption, and the
    /// reference extractions of VnExpress pages (fundus) keep it. Text
    /// without such an ending is returned as it is.
    static func strippingCredit(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard text.utf8.count > 12 else { return text }
        // Only the last characters can be a credit.
        let tailStart = scalars.index(scalars.endIndex, offsetBy: -64, limitedBy: scalars.startIndex) ?? scalars.startIndex
        let tail = scalars[tailStart...]
        var cut: String.Index?
        if let copyright = tail.lastIndex(of: "©") {
            let holder = String(tail[tail.index(after: copyright)...])
            if holder.split(separator: " ").count <= 8 && !holder.contains(". ") { cut = copyright }
        }
        if cut == nil, let colon = tail.lastIndex(of: ":") {
            // "Foto: X", "(Ảnh: TTXVN)": a credit word right before the colon.
            var wordStart = colon
            while wordStart > scalars.startIndex, case let previous = scalars[scalars.index(before: wordStart)],
                previous.properties.isAlphabetic
            {
                wordStart = scalars.index(before: wordStart)
            }
            var opening = wordStart
            if opening > scalars.startIndex, scalars[scalars.index(before: opening)] == "(" { opening = scalars.index(before: opening) }
            let label = Folding.matchKey(String(scalars[wordStart..<colon]))
            let credit = String(scalars[scalars.index(after: colon)...])
            if creditWords.contains(label), label != "anh", opening > scalars.startIndex, scalars[scalars.index(before: opening)] == " ",
                (1...5).contains(credit.split(separator: " ").count), !credit.contains(". ")
            {
                cut = opening
            }
        }
        if cut == nil, tail.last == ")", let open = tail.lastIndex(of: "("), open > scalars.startIndex {
            // "(mlharing / iStock.com)", "(REUTERS/Denis Balibouse)": an agency among slash-separated names.
            let inside = String(tail[tail.index(after: open)..<tail.index(before: tail.endIndex)])
            let names = inside.split(separator: "/").map { Folding.matchKey(String($0)) }
            if names.count >= 2, names.contains(where: { creditAlone.contains($0) || creditAlone.contains($0.replacing(".com", with: "")) }) {
                cut = open
            }
        }
        guard let cut else { return text }
        let caption = String(scalars[..<cut]).trimmed()
        return caption.unicodeScalars.count >= 8 ? caption : text
    }

    /// True when a short text is furniture by its wording.
    static func isFurniturePhrase(_ text: String) -> Bool {
        // A line that starts with an address ("https://www.example.com/...")
        // is a share widget's, a print footer's or a carousel's image data,
        // never a sentence of the story.
        if text.hasPrefix("http://") || text.hasPrefix("https://") { return true }
        let length = text.unicodeScalars.count
        guard length <= 320 else { return false }
        // "Posted by K A in News | 3 comments", "Erstellt am ... und abgelegt
        // unter ...": a post's metadata line, told by its first words
        // (folding only those keeps long lines cheap).
        if length > 80 {
            guard metaStarts.contains(text.utf8.prefix(3).reduce(0) { $0 << 8 | UInt32($1 | 0x20) }) else { return false }
            let opening = Folding.matchKey(String(String.UnicodeScalarView(text.unicodeScalars.prefix(32))))
            return metaPrefixes.contains { opening.hasPrefix($0) }
        }
        let key = Folding.matchKey(text)
        let opening = key.hasPrefix("(") ? String(key.dropFirst()) : key
        if metaPrefixes.contains(where: { opening.hasPrefix($0) }) { return true }
        // "Kommentarfeed | Kommentare geschlossen | Trackback-URL": a row
        // of short fields, one of them a widget's label.
        if text.contains(" | ") {
            let fields = text.components(separatedBy: " | ")
            if fields.allSatisfy({ $0.unicodeScalars.count <= 30 }) && fields.contains(where: isFurniturePhrase) { return true }
        }
        if widgetMatcher.matches(key) { return true }
        let bare = key.trimmingScalars(labelTrim)
        // "1 / 8", "Image 1 of 8": a slideshow's counter.
        if bare.isEmpty && text.contains("/") && text.utf8.count <= 9 && !text.contains(where: \.isLetter) { return true }
        let words = key.split(separator: " ")
        if words.count <= 5, let first = words.first, counterWords.contains(String(first)),
            words.contains(where: { $0.allSatisfy(\.isNumber) })
        {
            return true
        }
        if isCredit(key) { return true }
        // The label alone, or with a few characters more ("Chia sẻ:", "Tags (3)"),
        // or with a reading time ("weiterlesen 10 Minuten").
        var candidate = Substring(bare)
        for unit in [" minuten", " minutes", " min", " phut"] where candidate.hasSuffix(unit) {
            candidate = candidate.dropLast(unit.count)
            while let last = candidate.last, last == " " || last.isNumber { candidate = candidate.dropLast() }
        }
        for _ in 0...3 {
            if labelSet.contains(String(candidate)) { return true }
            guard !candidate.isEmpty else { break }
            candidate = candidate.dropLast()
        }
        return text.unicodeScalars.count <= 60 && isListHeading(key: key)
    }
}
