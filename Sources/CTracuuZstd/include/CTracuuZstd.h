// CTracuuZstd: zstd's one-shot compression behind our own prefixed
// functions, so Swift never needs zstd.h.
#ifndef CTRACUU_ZSTD_H
#define CTRACUU_ZSTD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Upper bound of the compressed size. The corresponding zstd function is `ZSTD_compressBound`.
int64_t CTracuuZstd_compressBound(int64_t length);

/// Compresses at `level`; returns the compressed length, or -1.
/// The corresponding zstd function is `ZSTD_compress` (with a reused context).
int64_t CTracuuZstd_compress(const uint8_t *source, int64_t length, uint8_t *destination, int64_t capacity,
                             int level);

/// Decompresses a frame whose content is exactly `expectedLength` bytes;
/// returns 0, or -1 when damaged. The corresponding zstd function is `ZSTD_decompress`.
int CTracuuZstd_decompress(const uint8_t *source, int64_t length, uint8_t *destination, int64_t expectedLength);

/// zstd's version ("1.5.4").
const char *CTracuuZstd_version(void);

#ifdef __cplusplus
}
#endif
#endif
