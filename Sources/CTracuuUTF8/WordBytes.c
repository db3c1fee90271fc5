#include "CTracuuUTF8.h"

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

// Whether `byte` stands in a word, given the byte after it: the rule
// `CTracuuUTF8_wordBytes` documents, one byte at a time.
static inline int standsInWord(uint8_t byte, uint8_t next) {
    uint8_t lower = byte | 0x20;
    if ((lower >= 'a' && lower <= 'z') || (byte >= '0' && byte <= '9')) return 1;
    int continuation = (next & 0xC0) == 0x80;
    if ((byte & 0xC0) == 0x80) return 1;  // inside a character accepted at its lead
    if ((byte >= 0xC4 && byte <= 0xC9) || byte == 0xCC) return continuation;
    if (byte == 0xC3) return continuation && next != 0x97 && next != 0xB7;
    if (byte == 0xCD) return next >= 0x80 && next <= 0xAF;
    if (byte == 0xE1) return next >= 0xB8 && next <= 0xBB;
    return 0;
}

void CTracuuUTF8_wordBytesScalar(const uint8_t *bytes, size_t length, uint64_t *bits) {
    size_t words = (length + 63) / 64;
    for (size_t w = 0; w < words; w++) bits[w] = 0;
    for (size_t i = 0; i + 1 < length; i++) {
        if (standsInWord(bytes[i], bytes[i + 1])) bits[i / 64] |= (uint64_t)1 << (i % 64);
    }
}

#if defined(__x86_64__)
// `low` <= v <= `high`, unsigned, byte by byte (SSE2 has only signed
// comparisons; clamping and comparing for equality works for both).
static inline __m128i inRange(__m128i v, uint8_t low, uint8_t high) {
    __m128i clamped = _mm_min_epu8(_mm_max_epu8(v, _mm_set1_epi8((char)low)), _mm_set1_epi8((char)high));
    return _mm_cmpeq_epi8(clamped, v);
}

static inline __m128i equal(__m128i v, uint8_t value) { return _mm_cmpeq_epi8(v, _mm_set1_epi8((char)value)); }

// `standsInWord` for sixteen bytes; `next` holds the byte after each one.
static inline uint64_t wordMask16(__m128i byte, __m128i next) {
    __m128i lower = _mm_or_si128(byte, _mm_set1_epi8(0x20));
    __m128i alphanumeric = _mm_or_si128(inRange(lower, 'a', 'z'), inRange(byte, '0', '9'));
    __m128i continuationMask = _mm_set1_epi8((char)0xC0);
    __m128i inside = equal(_mm_and_si128(byte, continuationMask), 0x80);
    __m128i nextContinues = equal(_mm_and_si128(next, continuationMask), 0x80);
    __m128i twoByte = _mm_and_si128(_mm_or_si128(inRange(byte, 0xC4, 0xC9), equal(byte, 0xCC)), nextContinues);
    __m128i latin1 = _mm_andnot_si128(
        _mm_or_si128(equal(next, 0x97), equal(next, 0xB7)), _mm_and_si128(equal(byte, 0xC3), nextContinues));
    __m128i marks = _mm_and_si128(equal(byte, 0xCD), inRange(next, 0x80, 0xAF));
    __m128i extended = _mm_and_si128(equal(byte, 0xE1), inRange(next, 0xB8, 0xBB));
    __m128i all = _mm_or_si128(
        _mm_or_si128(_mm_or_si128(alphanumeric, inside), twoByte), _mm_or_si128(_mm_or_si128(latin1, marks), extended));
    return (uint64_t)(uint16_t)_mm_movemask_epi8(all);
}
#endif

void CTracuuUTF8_wordBytes(const uint8_t *bytes, size_t length, uint64_t *bits) {
#if defined(__x86_64__)
    size_t i = 0;
    // Whole blocks of sixteen while the byte after the block exists.
    for (; i + 17 <= length; i += 16) {
        __m128i byte = _mm_loadu_si128((const __m128i *)(bytes + i));
        __m128i next = _mm_loadu_si128((const __m128i *)(bytes + i + 1));
        uint64_t mask = wordMask16(byte, next);
        if (i % 64 == 0) {
            bits[i / 64] = mask;
        } else {
            bits[i / 64] |= mask << (i % 64);
        }
    }
    // The rest one byte at a time; i is a multiple of 16 here.
    if (i % 64 == 0 && i < length) bits[i / 64] = 0;
    for (size_t w = i / 64 + 1; w < (length + 63) / 64; w++) bits[w] = 0;
    for (; i + 1 < length; i++) {
        if (standsInWord(bytes[i], bytes[i + 1])) bits[i / 64] |= (uint64_t)1 << (i % 64);
    }
#else
    CTracuuUTF8_wordBytesScalar(bytes, length, bits);
#endif
}
