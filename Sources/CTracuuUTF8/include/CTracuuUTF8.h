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

/// Whether well-formed UTF-8 is surely NFC: every character is below
/// U+0300, in U+1E00–U+1EFF or in U+2002–U+206F (the quick check
/// `Normalizer.isSurelyNFC` documents). 0 also for some text that is NFC.
int CTracuuUTF8_isSurelyNFC(const uint8_t *bytes, size_t length);

/// The same check one byte at a time (for tests).
int CTracuuUTF8_isSurelyNFCScalar(const uint8_t *bytes, size_t length);

#endif
