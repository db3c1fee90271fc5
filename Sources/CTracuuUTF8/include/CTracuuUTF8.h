#ifndef CTRACUU_UTF8_H
#define CTRACUU_UTF8_H

#include <stddef.h>
#include <stdint.h>

/// Whether `length` bytes at `bytes` are well-formed UTF-8 (RFC 3629: no
/// overlong forms, no surrogates, nothing above U+10FFFF, no truncated
/// sequence at the end).
int CTracuuUTF8_isValid(const uint8_t *bytes, size_t length);

/// The same check without the vector instructions (for tests).
int CTracuuUTF8_isValidScalar(const uint8_t *bytes, size_t length);

#endif
