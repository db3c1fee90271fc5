// CTracuuHTML: libxml2's tolerant HTML parser and a read-only view of the
// tree it builds, behind our own prefixed functions. No libxml2 header is
// included here: libxml2 is built with ICU on Debian and its headers would drag
// ICU's utypes.h into every Swift file that imports this module.
#ifndef CTRACUU_HTML_H
#define CTRACUU_HTML_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An opaque parsed document (an htmlDocPtr underneath).
typedef struct CTracuuHTMLDocument CTracuuHTMLDocument;
/// An opaque node inside a document (an xmlNodePtr underneath). Valid until
/// the document is freed.
typedef struct CTracuuHTMLNode CTracuuHTMLNode;

enum {
    CTracuuHTML_OTHER = 0,
    CTracuuHTML_ELEMENT = 1,
    CTracuuHTML_TEXT = 2,
    CTracuuHTML_COMMENT = 3,
    CTracuuHTML_CDATA = 4,
};

/// Parses UTF-8 HTML in recover mode, with no network access and with
/// errors and warnings silenced. The encoding is always UTF-8: the caller
/// decodes legacy charsets first, so libxml2 never guesses (it guesses Latin-1
/// when `<title>` comes before `<meta charset>`). Returns NULL only when
/// libxml2 cannot build any tree (e.g. empty input). Comments, styles, SVG
/// and most script bodies are pruned first (`CTracuuHTML_prune`).
/// The corresponding libxml2 function is `htmlReadMemory`.
CTracuuHTMLDocument *CTracuuHTML_parseUTF8(const uint8_t *bytes, int64_t length);

/// Frees a document and every node in it. The corresponding libxml2 function is `xmlFreeDoc`.
void CTracuuHTML_free(CTracuuHTMLDocument *document);

/// The root element (normally `<html>`), or NULL.
/// The corresponding libxml2 function is `xmlDocGetRootElement`.
const CTracuuHTMLNode *CTracuuHTML_root(const CTracuuHTMLDocument *document);

int CTracuuHTML_kind(const CTracuuHTMLNode *node);
/// Lower-case tag name of an element (libxml2's HTML parser lower-cases it), or NULL.
const char *CTracuuHTML_name(const CTracuuHTMLNode *node);
/// Text of a text, CDATA or comment node (entities already decoded), or NULL.
const char *CTracuuHTML_text(const CTracuuHTMLNode *node);
const CTracuuHTMLNode *CTracuuHTML_firstChild(const CTracuuHTMLNode *node);
const CTracuuHTMLNode *CTracuuHTML_nextSibling(const CTracuuHTMLNode *node);
const CTracuuHTMLNode *CTracuuHTML_parent(const CTracuuHTMLNode *node);

/// Value of the attribute `name` (ASCII, matched case-insensitively), or NULL.
/// The pointer stays valid until the document is freed.
const char *CTracuuHTML_attribute(const CTracuuHTMLNode *node, const char *name);

/// True when the element has attribute `name` with value `value` (both
/// ASCII, compared case-insensitively): a test with no strings built.
int CTracuuHTML_attributeIs(const CTracuuHTMLNode *node, const char *name, const char *value);

/// Calls `visit` for each attribute of an element, in document order.
void CTracuuHTML_forEachAttribute(const CTracuuHTMLNode *node, void *context,
                                  void (*visit)(void *context, const char *name, const char *value));

/// Whether an element is hidden and its microdata name, read in one pass
/// over its attributes.
typedef struct {
    /// itemprop, or else property (microdata and RDFa names); NULL when absent.
    const char *property;
    /// `hidden`, `aria-hidden="true"` or an inline `display:none`.
    int hidden;
} CTracuuHTMLElementInfo;

/// Writes the element's class and id, lower-cased (ASCII) and joined by a
/// space, into `buffer` (at most `capacity` bytes, no terminator); returns
/// the number of bytes written.
size_t CTracuuHTML_classAndID(const CTracuuHTMLNode *node, uint8_t *buffer, size_t capacity);

/// Fills `info` for an element (zeroes for other nodes).
void CTracuuHTML_elementInfo(const CTracuuHTMLNode *node, CTracuuHTMLElementInfo *info);

/// libxml2's version string ("20914").
const char *CTracuuHTML_libxmlVersion(void);

#ifdef __cplusplus
}
#endif
#endif
