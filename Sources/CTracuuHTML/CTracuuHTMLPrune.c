// Drops what the extractor never reads before libxml2 sees it.
//
// libxml2's HTML parser reads comments, raw text (scripts, styles) and
// attribute values a character at a time, and builds nodes for every <path>
// of an inline SVG icon. On the extraction benchmark's 1,610 pages those
// parts are 45 % of the bytes and a quarter of libxml2's parse time. A pass
// driven by memchr removes them for a small fraction of that.
//
// What stays, because something reads it: JSON scripts (JSON-LD, app state)
// and any script that mentions "ublish" or "reated" (HTMLMetadata looks
// there for "datePublished", "created_at" ... when nothing else dates a page).
// The elements themselves stay too, emptied, so the tree keeps its shape.

#define _GNU_SOURCE
#include "CTracuuHTMLPrune.h"

#include <string.h>
#include <strings.h>

static int isTagEnd(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '>' || c == '/'; }

// The index just past the '>' that closes the start tag beginning at `at`
// ('<'), honouring quoted attribute values ("a>b" does not close it); 0 when
// the tag never closes. `selfClosing` is set when it ends in "/>".
static size_t startTagEnd(const uint8_t *bytes, size_t length, size_t at, int *selfClosing) {
    size_t i = at + 1;
    while (i < length) {
        uint8_t c = bytes[i];
        if (c == '>') {
            *selfClosing = bytes[i - 1] == '/';
            return i + 1;
        }
        if (c == '=') {
            i++;
            while (i < length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) i++;
            if (i < length && (bytes[i] == '"' || bytes[i] == '\'')) {
                const uint8_t *close = memchr(bytes + i + 1, bytes[i], length - i - 1);
                if (!close) return 0;
                i = (size_t)(close - bytes) + 1;
            }
            continue;
        }
        i++;
    }
    return 0;
}

// The index of the first "</name" (any case) at or after `from`, or `length`.
// libxml2 ends raw text at the first such close tag, as browsers do.
static size_t closeTag(const uint8_t *bytes, size_t length, size_t from, const char *name, size_t nameLength) {
    size_t i = from;
    while (i < length) {
        const uint8_t *open = memchr(bytes + i, '<', length - i);
        if (!open) return length;
        i = (size_t)(open - bytes);
        if (i + 2 + nameLength <= length && bytes[i + 1] == '/' &&
            strncasecmp((const char *)bytes + i + 2, name, nameLength) == 0)
            return i;
        i++;
    }
    return length;
}

static int contains(const uint8_t *bytes, size_t length, const char *needle) {
    return memmem(bytes, length, needle, strlen(needle)) != NULL;
}

// Whether a script's body is kept: JSON of any type, or text that may carry
// a publication stamp.
static int keepsScript(const uint8_t *tag, size_t tagLength, const uint8_t *body, size_t bodyLength) {
    return contains(tag, tagLength, "json") || contains(body, bodyLength, "ublish") ||
           contains(body, bodyLength, "reated");
}

static int isLetter(uint8_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// An SVG element is not raw text: an unclosed <svg> is closed by the next
// </div>, and a comment inside it may hold a "</svg>" of its own. Its body
// is dropped only when everything closed inside it is drawing (</path>,
// </g>, ...) and it holds no comment, so the first "</svg" really ends it.
static int isDrawingOnly(const uint8_t *body, size_t length) {
    static const char *const drawing[] = {
        "path", "g", "defs", "use", "symbol", "title", "desc", "circle", "rect", "line", "polyline", "polygon",
        "ellipse", "lineargradient", "radialgradient", "stop", "clippath", "mask", "text", "tspan", "filter",
        "pattern", "image", "metadata", "marker", "fe",
    };
    size_t i = 0;
    while (i < length) {
        const uint8_t *open = memchr(body + i, '<', length - i);
        if (!open) return 1;
        i = (size_t)(open - body) + 1;
        if (i < length && body[i] == '!') return 0;
        if (i >= length || body[i] != '/') continue;
        size_t nameStart = i + 1;
        size_t nameEnd = nameStart;
        while (nameEnd < length && (isLetter(body[nameEnd]) || (body[nameEnd] >= '0' && body[nameEnd] <= '9'))) nameEnd++;
        size_t nameLength = nameEnd - nameStart;
        int known = 0;
        for (size_t k = 0; k < sizeof drawing / sizeof drawing[0] && !known; k++) {
            size_t wordLength = strlen(drawing[k]);
            int prefix = wordLength == 2 && drawing[k][0] == 'f';  // feGaussianBlur, feOffset ...
            if ((prefix ? nameLength > wordLength : nameLength == wordLength) &&
                strncasecmp((const char *)body + nameStart, drawing[k], wordLength) == 0)
                known = 1;
        }
        if (!known) return 0;
    }
    return 1;
}

size_t CTracuuHTML_prune(const uint8_t *bytes, size_t length, uint8_t *out) {
    size_t used = 0;
    size_t i = 0;
#define COPY(from, to)                                   \
    do {                                                 \
        memcpy(out + used, bytes + (from), (to) - (from)); \
        used += (to) - (from);                           \
    } while (0)
    while (i < length) {
        const uint8_t *open = memchr(bytes + i, '<', length - i);
        size_t at = open ? (size_t)(open - bytes) : length;
        COPY(i, at);
        i = at;
        if (i + 1 >= length) break;

        if (i + 4 <= length && memcmp(bytes + i, "<!--", 4) == 0) {
            const uint8_t *end = memmem(bytes + i + 4, length - i - 4, "-->", 3);
            if (!end) break;  // libxml2 keeps an unclosed comment's text as it is
            i = (size_t)(end - bytes) + 3;
            continue;
        }
        if (!isLetter(bytes[i + 1])) {
            out[used++] = bytes[i++];
            continue;
        }
        // A start tag is copied whole, so that a "<" inside a quoted
        // attribute value is never taken for markup.
        int selfClosing = 0;
        size_t bodyStart = startTagEnd(bytes, length, i, &selfClosing);
        if (bodyStart == 0) break;
        const char *name = NULL;
        size_t nameLength = 0;
        if (i + 7 < length && strncasecmp((const char *)bytes + i + 1, "script", 6) == 0 && isTagEnd(bytes[i + 7])) {
            name = "script";
            nameLength = 6;
        } else if (i + 6 < length && strncasecmp((const char *)bytes + i + 1, "style", 5) == 0 && isTagEnd(bytes[i + 6])) {
            name = "style";
            nameLength = 5;
        } else if (i + 4 < length && strncasecmp((const char *)bytes + i + 1, "svg", 3) == 0 && isTagEnd(bytes[i + 4])) {
            name = "svg";
            nameLength = 3;
        }
        COPY(i, bodyStart);
        size_t tagStart = i;
        i = bodyStart;
        if (!name || selfClosing) continue;
        size_t bodyEnd = closeTag(bytes, length, bodyStart, name, nameLength);
        if (nameLength == 3) {
            if (bodyEnd == length || !isDrawingOnly(bytes + bodyStart, bodyEnd - bodyStart)) continue;
        } else if (nameLength == 6 && keepsScript(bytes + tagStart, bodyStart - tagStart, bytes + bodyStart,
                                                  bodyEnd - bodyStart)) {
            COPY(bodyStart, bodyEnd);
        }
        i = bodyEnd;
    }
    COPY(i, length);
#undef COPY
    return used;
}
