#include "CTracuuUTF8.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

// One sequence at a time: the reference, and the path for CPUs without
// SSSE3 and other architectures.
int CTracuuUTF8_isValidScalar(const uint8_t *bytes, size_t length) {
    size_t i = 0;
    while (i < length) {
        uint8_t lead = bytes[i];
        if (lead < 0x80) {
            i++;
            continue;
        }
        size_t count;
        uint8_t low = 0x80, high = 0xBF;  // the range of the second byte
        if (lead >= 0xC2 && lead <= 0xDF) {
            count = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            count = 3;
            if (lead == 0xE0) low = 0xA0;   // overlong below
            if (lead == 0xED) high = 0x9F;  // surrogates above
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            count = 4;
            if (lead == 0xF0) low = 0x90;   // overlong below
            if (lead == 0xF4) high = 0x8F;  // beyond U+10FFFF above
        } else {
            return 0;  // a continuation byte, C0, C1 or F5..FF as a lead
        }
        if (length - i < count) return 0;
        if (bytes[i + 1] < low || bytes[i + 1] > high) return 0;
        for (size_t k = 2; k < count; k++) {
            if ((bytes[i + k] & 0xC0) != 0x80) return 0;
        }
        i += count;
    }
    return 1;
}

#if defined(__x86_64__)

// Sixteen bytes at a time, each judged with the byte before it: every
// malformed pair of neighbouring bytes sets one of these bits in all three
// of the tables below (by the first byte's high nibble, its low nibble and
// the second byte's high nibble), and a well-formed pair never sets a bit
// in all three. The one pair that is sometimes fine, two continuation
// bytes, is right exactly where a lead byte two or three bytes back asks
// for a third or fourth byte, which is checked apart. No branch depends on
// the text, so Vietnamese, which changes between one-, two- and three-byte
// characters every few bytes, costs what ASCII does.
enum {
    TOO_SHORT = 1 << 0,          // a lead byte, then no continuation byte
    TOO_LONG = 1 << 1,           // an ASCII byte, then a continuation byte
    OVERLONG_3 = 1 << 2,         // E0 80..9F
    TOO_LARGE = 1 << 3,          // F4 90..BF, F5..FF 90..BF
    SURROGATE = 1 << 4,          // ED A0..BF
    OVERLONG_2 = 1 << 5,         // C0 or C1, then a continuation byte
    OVERLONG_4_OR_LARGE = 1 << 6,  // F0 80..8F, F5..FF 80..8F
    TWO_CONTINUATIONS = 1 << 7,  // a continuation byte after another
};

// Bits that do not depend on the first byte's low nibble.
#define EVERY_LOW (TOO_SHORT | TOO_LONG | TWO_CONTINUATIONS)

__attribute__((target("ssse3"))) static __m128i pairErrors(__m128i current, __m128i previous) {
    const __m128i firstHigh = _mm_setr_epi8(
        TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,  // 0..7: ASCII
        (char)TWO_CONTINUATIONS, (char)TWO_CONTINUATIONS, (char)TWO_CONTINUATIONS,
        (char)TWO_CONTINUATIONS,                                                         // 8..B: continuation
        TOO_SHORT | OVERLONG_2,                                                          // C
        TOO_SHORT,                                                                       // D
        TOO_SHORT | OVERLONG_3 | SURROGATE,                                              // E
        (char)(TOO_SHORT | TOO_LARGE | OVERLONG_4_OR_LARGE));                            // F
    const __m128i firstLow = _mm_setr_epi8(
        (char)(EVERY_LOW | OVERLONG_3 | OVERLONG_2 | OVERLONG_4_OR_LARGE),  // C0, E0, F0
        (char)(EVERY_LOW | OVERLONG_2),                                     // C1
        (char)EVERY_LOW, (char)EVERY_LOW,
        (char)(EVERY_LOW | TOO_LARGE),  // F4
        (char)(EVERY_LOW | TOO_LARGE | OVERLONG_4_OR_LARGE), (char)(EVERY_LOW | TOO_LARGE | OVERLONG_4_OR_LARGE),
        (char)(EVERY_LOW | TOO_LARGE | OVERLONG_4_OR_LARGE), (char)(EVERY_LOW | TOO_LARGE | OVERLONG_4_OR_LARGE),
        (char)(EVERY_LOW | TOO_LARGE | OVERLONG_4_OR_LARGE), (char)(EVERY_LOW | TOO_LARGE | OVERLONG_4_OR_LARGE),
        (char)(EVERY_LOW | TOO_LARGE | OVERLONG_4_OR_LARGE), (char)(EVERY_LOW | TOO_LARGE | OVERLONG_4_OR_LARGE),
        (char)(EVERY_LOW | TOO_LARGE | OVERLONG_4_OR_LARGE | SURROGATE),  // ED (and FD)
        (char)(EVERY_LOW | TOO_LARGE | OVERLONG_4_OR_LARGE), (char)(EVERY_LOW | TOO_LARGE | OVERLONG_4_OR_LARGE));
    const __m128i secondHigh = _mm_setr_epi8(
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,  // ASCII
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | OVERLONG_3 | OVERLONG_4_OR_LARGE),     // 80..8F
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | OVERLONG_3 | TOO_LARGE),               // 90..9F
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | SURROGATE | TOO_LARGE),                // A0..AF
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | SURROGATE | TOO_LARGE),                // B0..BF
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT);                                             // leads
    const __m128i nibble = _mm_set1_epi8(0x0F);
    __m128i before1 = _mm_alignr_epi8(current, previous, 15);
    __m128i high1 = _mm_and_si128(_mm_srli_epi16(before1, 4), nibble);
    __m128i low1 = _mm_and_si128(before1, nibble);
    __m128i high2 = _mm_and_si128(_mm_srli_epi16(current, 4), nibble);
    __m128i special = _mm_and_si128(
        _mm_and_si128(_mm_shuffle_epi8(firstHigh, high1), _mm_shuffle_epi8(firstLow, low1)),
        _mm_shuffle_epi8(secondHigh, high2));
    // A continuation byte is due where the byte two back is E0 or more or
    // the byte three back F0 or more (the high bit after a saturating
    // subtraction); it must then be the second of two continuations.
    __m128i before2 = _mm_alignr_epi8(current, previous, 14);
    __m128i before3 = _mm_alignr_epi8(current, previous, 13);
    __m128i third = _mm_subs_epu8(before2, _mm_set1_epi8((char)(0xE0 - 0x80)));
    __m128i fourth = _mm_subs_epu8(before3, _mm_set1_epi8((char)(0xF0 - 0x80)));
    __m128i due = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));
    return _mm_xor_si128(special, due);
}

// Runs `judge` over the text sixteen bytes at a time, each block with the
// one before it, then over the rest padded with zeros; true when it
// flagged no byte. Fewer than sixteen bytes remain for the last block, so
// at least one zero follows the text there: enough for a judge that looks
// back at most three bytes to see a sequence cut short at the end, and to
// reach the last byte a well-formed character's lead is judged at.
typedef __m128i (*BlockJudge)(__m128i current, __m128i previous);

__attribute__((target("ssse3"), always_inline)) static inline int flagsNothing(
    const uint8_t *bytes, size_t length, BlockJudge judge) {
    __m128i previous = _mm_setzero_si128();
    __m128i flagged = _mm_setzero_si128();
    size_t i = 0;
    for (; i + 16 <= length; i += 16) {
        __m128i current = _mm_loadu_si128((const __m128i *)(bytes + i));
        flagged = _mm_or_si128(flagged, judge(current, previous));
        previous = current;
    }
    uint8_t tail[16] = {0};
    memcpy(tail, bytes + i, length - i);
    flagged = _mm_or_si128(flagged, judge(_mm_loadu_si128((const __m128i *)tail), previous));
    return _mm_movemask_epi8(_mm_cmpeq_epi8(flagged, _mm_setzero_si128())) == 0xFFFF;
}

__attribute__((target("ssse3"))) static int isValidSSSE3(const uint8_t *bytes, size_t length) {
    return flagsNothing(bytes, length, pairErrors);
}
#endif

// A byte from CC up must start U+1E00–U+1EFF (E1 B8..BB) or U+2002–U+206F
// (E2 80 82..BF, E2 81 80..AF); every other character from CC up (the
// combining marks, other scripts, the rest of the BMP and beyond) may
// change under NFC or combine with what precedes it.
int CTracuuUTF8_isSurelyNFCScalar(const uint8_t *bytes, size_t length) {
    for (size_t i = 0; i < length; i++) {
        uint8_t lead = bytes[i];
        if (lead < 0xCC) continue;
        if (length - i < 3) return 0;
        uint8_t second = bytes[i + 1], third = bytes[i + 2];
        if (lead == 0xE1 && (second & 0xFC) == 0xB8) continue;
        if (lead == 0xE2 && ((second == 0x80 && third >= 0x82) || (second == 0x81 && third <= 0xAF))) continue;
        return 0;
    }
    return 1;
}

#if defined(__x86_64__)
// Each byte from CC up is judged two bytes later, with the two that follow
// it (alignr against the block before), so blocks need no look-ahead.
__attribute__((target("ssse3"))) static __m128i unsurelyNFC(__m128i current, __m128i previous) {
    __m128i lead = _mm_alignr_epi8(current, previous, 14);
    __m128i second = _mm_alignr_epi8(current, previous, 15);
    __m128i third = current;
    __m128i high = _mm_cmpeq_epi8(_mm_max_epu8(lead, _mm_set1_epi8((char)0xCC)), lead);
    __m128i e1 = _mm_and_si128(
        _mm_cmpeq_epi8(lead, _mm_set1_epi8((char)0xE1)),
        _mm_cmpeq_epi8(_mm_and_si128(second, _mm_set1_epi8((char)0xFC)), _mm_set1_epi8((char)0xB8)));
    __m128i from82 = _mm_cmpeq_epi8(_mm_max_epu8(third, _mm_set1_epi8((char)0x82)), third);
    __m128i toAF = _mm_cmpeq_epi8(_mm_min_epu8(third, _mm_set1_epi8((char)0xAF)), third);
    __m128i e2 = _mm_and_si128(
        _mm_cmpeq_epi8(lead, _mm_set1_epi8((char)0xE2)),
        _mm_or_si128(
            _mm_and_si128(_mm_cmpeq_epi8(second, _mm_set1_epi8((char)0x80)), from82),
            _mm_and_si128(_mm_cmpeq_epi8(second, _mm_set1_epi8((char)0x81)), toAF)));
    return _mm_andnot_si128(_mm_or_si128(e1, e2), high);
}

__attribute__((target("ssse3"))) static int isSurelyNFCSSSE3(const uint8_t *bytes, size_t length) {
    return flagsNothing(bytes, length, unsurelyNFC);
}
#endif

int CTracuuUTF8_isSurelyNFC(const uint8_t *bytes, size_t length) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("ssse3")) return isSurelyNFCSSSE3(bytes, length);
#endif
    return CTracuuUTF8_isSurelyNFCScalar(bytes, length);
}

int CTracuuUTF8_isValid(const uint8_t *bytes, size_t length) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("ssse3")) return isValidSSSE3(bytes, length);
#endif
    return CTracuuUTF8_isValidScalar(bytes, length);
}
