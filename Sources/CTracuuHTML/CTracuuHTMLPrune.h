// Internal to CTracuuHTML: the pass that CTracuuHTML_parseUTF8 runs before
// libxml2. Not in the public header, so Swift sees only the parser.
#ifndef CTRACUU_HTML_PRUNE_H
#define CTRACUU_HTML_PRUNE_H

#include <stddef.h>
#include <stdint.h>

/// Copies `bytes` to `out` (room for `length` bytes) without the parts the
/// extractor never reads: comments, style and SVG contents, and the contents of
/// scripts that are neither JSON nor mention a publication stamp. The
/// elements stay, emptied. Returns the bytes written.
size_t CTracuuHTML_prune(const uint8_t *bytes, size_t length, uint8_t *out);

#endif
