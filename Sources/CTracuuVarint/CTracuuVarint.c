#include "CTracuuVarint.h"

/// Reads one varint at `*at`, not past `end`. Nearly every doc code and
/// position gap is one byte, so that case is tested first and alone; the
/// loop behind it checks the end at every byte, as a damaged file may end
/// anywhere.
static inline int readVarint(const uint8_t **at, const uint8_t *end, uint64_t *value) {
    const uint8_t *p = *at;
    if (__builtin_expect(p < end && *p < 0x80, 1)) {
        *value = *p;
        *at = p + 1;
        return 0;
    }
    uint64_t result = 0;
    unsigned shift = 0;
    for (;;) {
        if (p >= end) return CTRACUU_VARINT_OVERRUN;
        uint8_t byte = *p++;
        result |= (uint64_t)(byte & 0x7F) << shift;
        if (byte < 0x80) break;
        shift += 7;
        if (shift >= 70) return CTRACUU_VARINT_TOO_LONG;
    }
    *value = result;
    *at = p;
    return 0;
}

/// The common doc code, read without a branch on its frequency: a one-byte
/// code followed, when its FreqIsOne bit is clear, by a one-byte frequency.
/// Whether a frequency follows is as good as random from one document to
/// the next, so a branch there is mispredicted about every other posting;
/// here it is a conditional move (measured: a multi-word query 14 % faster).
/// Codes of two bytes go the general way: reading them here too was slower
/// on the lists of common words, where nearly every gap is one byte.
/// Returns 0 when the code is not of that shape (or fewer than two bytes
/// are left), for the general path.
static inline int readShortDocCode(const uint8_t **at, const uint8_t *end, uint64_t *delta, uint64_t *freq) {
    const uint8_t *p = *at;
    if (end - p < 2) return 0;
    uint64_t code = p[0];
    uint64_t next = p[1];
    uint64_t hasFreq = (code & 1) ^ 1;
    // A long code, or a frequency that is present and long.
    if ((code | (next & (0 - hasFreq))) & 0x80) return 0;
    *delta = code >> 1;
    *freq = hasFreq ? next : 1;
    *at = p + 1 + hasFreq;
    return 1;
}

/// Any doc code: the short shape above, or varints read one by one.
static inline int readDocCode(const uint8_t **at, const uint8_t *end, uint64_t *delta, uint64_t *freq) {
    if (__builtin_expect(readShortDocCode(at, end, delta, freq), 1)) return 0;
    uint64_t code;
    int failure = readVarint(at, end, &code);
    if (failure) return failure;
    *delta = code >> 1;
    if (code & 1) {
        *freq = 1;
        return 0;
    }
    return readVarint(at, end, freq);
}

static inline int32_t clampFreq(uint64_t value) { return value > INT32_MAX ? INT32_MAX : (int32_t)value; }

/// The next document after `*current` and its frequency, the document
/// checked against `limit` (the delta before it is added, so no sum wraps).
static inline int readDoc(const uint8_t **at, const uint8_t *end, int64_t *current, int64_t limit, int32_t *freq) {
    uint64_t delta, value;
    int failure = readDocCode(at, end, &delta, &value);
    if (failure) return failure;
    if (delta >= (uint64_t)(limit - *current)) return CTRACUU_VARINT_OUT_OF_RANGE;
    *current += (int64_t)delta;
    *freq = clampFreq(value);
    return 0;
}

ptrdiff_t CTracuuVarint_decodeDocCodes(
    const uint8_t *bytes, size_t length, int count, int32_t previous, int64_t limit, int32_t *docs, int32_t *freqs) {
    const uint8_t *p = bytes;
    const uint8_t *end = bytes + length;
    int64_t current = previous;
    for (int i = 0; i < count; i++) {
        int failure = readDoc(&p, end, &current, limit, &freqs[i]);
        if (failure) return failure;
        docs[i] = (int32_t)current;
    }
    return p - bytes;
}

ptrdiff_t CTracuuVarint_insertDocCodes(
    const uint8_t *bytes, size_t length, int count, int32_t *currentDoc, int64_t limit, uint64_t *words,
    uint8_t *counts) {
    const uint8_t *p = bytes;
    const uint8_t *end = bytes + length;
    int64_t current = *currentDoc;
    for (int i = 0; i < count; i++) {
        int32_t freq;
        int failure = readDoc(&p, end, &current, limit, &freq);
        if (failure) return failure;
        words[current >> 6] |= (uint64_t)1 << (current & 63);
        if (counts) {
            uint32_t sum = (uint32_t)counts[current] + (uint32_t)freq;
            counts[current] = sum > 255 ? 255 : (uint8_t)sum;
        }
    }
    *currentDoc = (int32_t)current;
    return p - bytes;
}

ptrdiff_t CTracuuVarint_decodeGaps(const uint8_t *bytes, size_t length, int count, uint32_t *positions) {
    const uint8_t *p = bytes;
    const uint8_t *end = bytes + length;
    uint64_t position = 0;
    for (int i = 0; i < count; i++) {
        uint64_t gap;
        // Gaps of one or two bytes (words a few apart or a few hundred)
        // without a branch on which, as for doc codes above.
        if (__builtin_expect(end - p >= 2, 1)) {
            uint64_t first = p[0];
            uint64_t second = p[1];
            uint64_t isLong = first >> 7;
            if (!((second & (0 - isLong)) & 0x80)) {
                position += (first & 0x7F) | ((second << 7) & (0 - isLong));
                positions[i] = (uint32_t)position;
                p += 1 + isLong;
                continue;
            }
        }
        int failure = readVarint(&p, end, &gap);
        if (failure) return failure;
        position += gap;
        positions[i] = (uint32_t)position;
    }
    return p - bytes;
}
