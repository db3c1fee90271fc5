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

/// Marks the bytes that stand in a word, judged from the bytes alone, for
/// the tokenizer: bit i % 64 of `bits[i / 64]` is set when byte i is
///
/// - an ASCII letter or digit, or a continuation byte (80..BF: a
///   character already accepted at its lead byte);
/// - the lead of a Vietnamese letter or a combining mark, told by the
///   byte after it: C4..C9 or CC before any continuation byte (Latin
///   Extended-A/B, marks up to U+033F), C3 before one other than 97 or B7
///   (Latin-1 letters, not × or ÷), CD before 80..AF (marks up to U+036F),
///   E1 before B8..BB (Latin Extended Additional).
///
/// The last byte has no byte after it and is never set, nor are bits past
/// it; `bits` holds (length + 63) / 64 words. Anything not set here is left
/// to the tokenizer's careful path, a character at a time.
void CTracuuUTF8_wordBytes(const uint8_t *bytes, size_t length, uint64_t *bits);

/// The same marks one byte at a time (for tests).
void CTracuuUTF8_wordBytesScalar(const uint8_t *bytes, size_t length, uint64_t *bits);

#endif
