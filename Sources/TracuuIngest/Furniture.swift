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
        "weiterfuhrender link", "uber den autor", "about the author", "ve tac gia",
    ]

    /// Phrases that make any short line furniture: counters and widgets.
    static let widgetPhrases: [String] = [
        "sharing is caring", "affiliate link", "jetzt teilen", "artikel teilen", "beitrag teilen", "tempo de leitura", "reading time", "min read", "minute read", "lesezeit",
        "thong ke truy cap", "so luot truy cap", "luot truy cap", "so nguoi truc tuyen", "dang truc tuyen",
        "dang online", "hit counter", "truy cap hom nay", "tong truy cap", "tong so truy cap", "luot xem",
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
        "ultima modifica", "war der artikel nutzlich",
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
        guard key.utf8.count <= 56 else { return false }
        let bare = key.trimmingScalars(creditTrim)
        if creditAlone.contains(bare) { return true }
        guard let colon = bare.firstIndex(of: ":"), bare.utf8.count <= 50 else { return false }
        let label = bare[..<colon].trimmingCharacters(in: .whitespaces)
        return creditWords.contains(label) && bare[colon...].split(separator: " ").count <= 5
    }

    /// True when a short text is furniture by its wording.
    static func isFurniturePhrase(_ text: String) -> Bool {
        // A line that starts with an address ("https://www.example.com/...")
        // is a share widget's, a print footer's or a carousel's image data,
        // never a sentence of the story.
        if text.hasPrefix("http://") || text.hasPrefix("https://") { return true }
        let length = text.unicodeScalars.count
        guard length <= 200 else { return false }
        // "Posted by K A in News | 3 comments": a post's metadata line, told
        // by its first words (folding only those keeps long lines cheap).
        if length > 80 {
            guard metaStarts.contains(text.utf8.prefix(3).reduce(0) { $0 << 8 | UInt32($1 | 0x20) }) else { return false }
            let opening = Folding.matchKey(String(String.UnicodeScalarView(text.unicodeScalars.prefix(32))))
            return metaPrefixes.contains { opening.hasPrefix($0) }
        }
        let key = Folding.matchKey(text)
        if metaPrefixes.contains(where: { key.hasPrefix($0) }) { return true }
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
        // The label alone, or with a few characters more ("Chia sẻ:", "Tags (3)").
        var candidate = Substring(bare)
        for _ in 0...3 {
            if labelSet.contains(String(candidate)) { return true }
            guard !candidate.isEmpty else { break }
            candidate = candidate.dropLast()
        }
        return text.unicodeScalars.count <= 60 && isListHeading(key: key)
    }
}
