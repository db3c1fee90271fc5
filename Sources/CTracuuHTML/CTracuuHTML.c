#include "CTracuuHTML.h"
#include "CTracuuHTMLPrune.h"

#include <stdlib.h>
#include <strings.h>
#include <libxml/xmlversion.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

static void ignoreErrors(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

static void silenceOnce(void) {
    // libxml2's generic error handler prints to stderr even with
    // HTML_PARSE_NOERROR for some encoding errors; route it nowhere. The
    // handler is per thread in libxml2 2.9, so set it on every call.
    xmlSetGenericErrorFunc(NULL, ignoreErrors);
}

CTracuuHTMLDocument *CTracuuHTML_parseUTF8(const uint8_t *bytes, int64_t length) {
    if (length <= 0 || length > INT32_MAX) return NULL;
    silenceOnce();
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                  HTML_PARSE_COMPACT;
    uint8_t *pruned = malloc((size_t)length);
    if (!pruned) return NULL;
    size_t prunedLength = CTracuuHTML_prune(bytes, (size_t)length, pruned);
    // htmlReadMemory copies its input into the parser's own buffer.
    htmlDocPtr document = prunedLength > 0
        ? htmlReadMemory((const char *)pruned, (int)prunedLength, NULL, "UTF-8", options) : NULL;
    free(pruned);
    return (CTracuuHTMLDocument *)document;
}

void CTracuuHTML_free(CTracuuHTMLDocument *document) {
    if (document) xmlFreeDoc((xmlDocPtr)document);
}

const CTracuuHTMLNode *CTracuuHTML_root(const CTracuuHTMLDocument *document) {
    if (!document) return NULL;
    return (const CTracuuHTMLNode *)xmlDocGetRootElement((xmlDocPtr)document);
}

int CTracuuHTML_kind(const CTracuuHTMLNode *node) {
    switch (((const xmlNode *)node)->type) {
    case XML_ELEMENT_NODE: return CTracuuHTML_ELEMENT;
    case XML_TEXT_NODE: return CTracuuHTML_TEXT;
    case XML_COMMENT_NODE: return CTracuuHTML_COMMENT;
    case XML_CDATA_SECTION_NODE: return CTracuuHTML_CDATA;
    default: return CTracuuHTML_OTHER;
    }
}

const char *CTracuuHTML_name(const CTracuuHTMLNode *node) {
    const xmlNode *n = (const xmlNode *)node;
    if (n->type != XML_ELEMENT_NODE) return NULL;
    return (const char *)n->name;
}

const char *CTracuuHTML_text(const CTracuuHTMLNode *node) {
    const xmlNode *n = (const xmlNode *)node;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE || n->type == XML_COMMENT_NODE)
        return (const char *)n->content;
    return NULL;
}

const CTracuuHTMLNode *CTracuuHTML_firstChild(const CTracuuHTMLNode *node) {
    return (const CTracuuHTMLNode *)((const xmlNode *)node)->children;
}

const CTracuuHTMLNode *CTracuuHTML_nextSibling(const CTracuuHTMLNode *node) {
    return (const CTracuuHTMLNode *)((const xmlNode *)node)->next;
}

const CTracuuHTMLNode *CTracuuHTML_parent(const CTracuuHTMLNode *node) {
    const xmlNode *parent = ((const xmlNode *)node)->parent;
    if (!parent || parent->type != XML_ELEMENT_NODE) return NULL;
    return (const CTracuuHTMLNode *)parent;
}

// The HTML parser stores an attribute's value as one text child with entities
// decoded; an attribute without a value (<input checked>) has no children.
static const char *attributeValue(const xmlAttr *attribute) {
    const xmlNode *child = attribute->children;
    if (!child) return "";
    if (child->type == XML_TEXT_NODE && child->next == NULL && child->content) return (const char *)child->content;
    return NULL;
}

const char *CTracuuHTML_attribute(const CTracuuHTMLNode *node, const char *name) {
    const xmlNode *n = (const xmlNode *)node;
    if (n->type != XML_ELEMENT_NODE) return NULL;
    for (const xmlAttr *attribute = n->properties; attribute; attribute = attribute->next) {
        if (attribute->name && strcasecmp((const char *)attribute->name, name) == 0) return attributeValue(attribute);
    }
    return NULL;
}

int CTracuuHTML_attributeIs(const CTracuuHTMLNode *node, const char *name, const char *value) {
    const char *actual = CTracuuHTML_attribute(node, name);
    return actual && strcasecmp(actual, value) == 0;
}

void CTracuuHTML_forEachAttribute(const CTracuuHTMLNode *node, void *context,
                                  void (*visit)(void *context, const char *name, const char *value)) {
    const xmlNode *n = (const xmlNode *)node;
    if (n->type != XML_ELEMENT_NODE) return;
    for (const xmlAttr *attribute = n->properties; attribute; attribute = attribute->next) {
        const char *value = attributeValue(attribute);
        if (attribute->name && value) visit(context, (const char *)attribute->name, value);
    }
}

// True when a style attribute says display:none (any case, any spacing).
static int styleHides(const char *style) {
    static const char target[] = "display:none";
    for (const char *start = style; *start; start++) {
        const char *p = start;
        size_t matched = 0;
        while (*p && target[matched]) {
            char c = *p;
            if (c == ' ' || c == '\t') { p++; continue; }
            if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
            if (c != target[matched]) break;
            matched++;
            p++;
        }
        if (!target[matched]) return 1;
    }
    return 0;
}

static size_t appendLower(uint8_t *buffer, size_t used, size_t capacity, const char *text) {
    for (const unsigned char *p = (const unsigned char *)text; *p && used < capacity; p++) {
        unsigned char c = *p;
        buffer[used++] = (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
    }
    return used;
}

size_t CTracuuHTML_classAndID(const CTracuuHTMLNode *node, uint8_t *buffer, size_t capacity) {
    const xmlNode *n = (const xmlNode *)node;
    if (n->type != XML_ELEMENT_NODE) return 0;
    const char *className = NULL;
    const char *identifier = NULL;
    for (const xmlAttr *attribute = n->properties; attribute; attribute = attribute->next) {
        const char *name = (const char *)attribute->name;
        if (!name) continue;
        if (!className && strcasecmp(name, "class") == 0) className = attributeValue(attribute);
        else if (!identifier && strcasecmp(name, "id") == 0) identifier = attributeValue(attribute);
    }
    size_t used = 0;
    if (className) used = appendLower(buffer, used, capacity, className);
    if (identifier) {
        if (used > 0 && used < capacity) buffer[used++] = ' ';
        used = appendLower(buffer, used, capacity, identifier);
    }
    return used;
}

void CTracuuHTML_elementInfo(const CTracuuHTMLNode *node, CTracuuHTMLElementInfo *info) {
    info->property = NULL;
    info->hidden = 0;
    const xmlNode *n = (const xmlNode *)node;
    if (n->type != XML_ELEMENT_NODE) return;
    const char *itemprop = NULL;
    const char *property = NULL;
    for (const xmlAttr *attribute = n->properties; attribute; attribute = attribute->next) {
        const char *name = (const char *)attribute->name;
        if (!name) continue;
        const char *value = attributeValue(attribute);
        switch (name[0] | 0x20) {
        case 'i':
            if (strcasecmp(name, "itemprop") == 0) itemprop = value;
            break;
        case 'p':
            if (strcasecmp(name, "property") == 0) property = value;
            break;
        case 'h':
            if (strcasecmp(name, "hidden") == 0) info->hidden = 1;
            break;
        case 'a':
            if (strcasecmp(name, "aria-hidden") == 0 && value && strcasecmp(value, "true") == 0) info->hidden = 1;
            break;
        case 's':
            if (strcasecmp(name, "style") == 0 && value && styleHides(value)) info->hidden = 1;
            break;
        default:
            break;
        }
    }
    info->property = itemprop ? itemprop : property;
}

const char *CTracuuHTML_libxmlVersion(void) { return LIBXML_VERSION_STRING; }
