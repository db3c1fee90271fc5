#ifndef CTRACUU_VARINT_H
#define CTRACUU_VARINT_H

#include <stddef.h>
#include <stdint.h>

/// Decoders of the postings' varint streams (FORMAT.md, "Postings" and
/// "Positions"), a whole block per call. Each reads only `bytes[0..<length]`
/// and returns how many bytes it consumed, or one of the negative codes
/// below when the bytes are damaged; on an error the outputs hold garbage.

/// The stream ends inside a value.
#define CTRACUU_VARINT_OVERRUN (-1)
/// A varint runs past ten bytes.
#define CTRACUU_VARINT_TOO_LONG (-2)
/// A document id reaches `limit`.
#define CTRACUU_VARINT_OUT_OF_RANGE (-3)

/// Decodes `count` doc codes (`DocDelta << 1 | FreqIsOne`, then `Freq` when
/// FreqIsOne is 0) into doc ids and frequencies. The first delta is from
/// `previous`; every doc id must stay below `limit`. Frequencies beyond
/// INT32_MAX are clamped.
ptrdiff_t CTracuuVarint_decodeDocCodes(
    const uint8_t *bytes, size_t length, int count, int32_t previous, int64_t limit, int32_t *docs, int32_t *freqs);

/// Reads `count` doc codes the same way and, instead of storing them, sets
/// bit `d & 63` of `words[d >> 6]` for each doc id `d` and, when `counts`
/// is not NULL, adds its frequency to `counts[d]`, saturating at 255.
/// `*current` is the doc the first delta is from, and is left at the last
/// doc read.
ptrdiff_t CTracuuVarint_insertDocCodes(
    const uint8_t *bytes, size_t length, int count, int32_t *current, int64_t limit, uint64_t *words,
    uint8_t *counts);

/// Decodes `count` position gaps into positions (running sums from 0,
/// truncated to 32 bits as the writer never exceeds them).
ptrdiff_t CTracuuVarint_decodeGaps(const uint8_t *bytes, size_t length, int count, uint32_t *positions);

#endif
