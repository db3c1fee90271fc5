// CTracuuZstd: zstd's frames with an optional dictionary, and dictionary
// training, behind our own prefixed functions, so Swift never needs zstd.h.
#ifndef CTRACUU_ZSTD_H
#define CTRACUU_ZSTD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Upper bound of the compressed size. The corresponding zstd function is `ZSTD_compressBound`.
int64_t CTracuuZstd_compressBound(int64_t length);

/// Trains a dictionary of at most `capacity` bytes from `count` samples laid
/// end to end in `samples` (their sizes in `sizes`); returns its length, or
/// -1 when the samples are too few or too small to train on. The zstd
/// function is `ZDICT_trainFromBuffer_fastCover` (fixed k and d, no search).
int64_t CTracuuZstd_trainDictionary(const uint8_t *samples, const size_t *sizes, uint32_t count, uint8_t *dictionary,
                                    int64_t capacity);

/// A dictionary digested for compressing at `level` (NULL on failure);
/// release it with `CTracuuZstd_freeCompressionDictionary`. zstd: `ZSTD_createCDict`.
void *CTracuuZstd_compressionDictionary(const uint8_t *dictionary, int64_t length, int level);
void CTracuuZstd_freeCompressionDictionary(void *dictionary);

/// Compresses one frame with a digested dictionary (NULL: none, at `level`), without a
/// frame checksum or dictionary id (the index checksums its own bytes);
/// returns the compressed length, or -1. `level` applies without a
/// dictionary (a digested one carries its own). zstd: `ZSTD_compress2` on
/// a context with `ZSTD_CCtx_refCDict`.
int64_t CTracuuZstd_compressWithDictionary(const void *dictionary, const uint8_t *source, int64_t length,
                                           uint8_t *destination, int64_t capacity, int level);

/// A dictionary digested for decompressing (NULL on failure); safe to share
/// between threads. zstd: `ZSTD_createDDict`.
void *CTracuuZstd_decompressionDictionary(const uint8_t *dictionary, int64_t length);
void CTracuuZstd_freeDecompressionDictionary(void *dictionary);

/// Decompresses a frame of exactly `expectedLength` bytes made with the
/// same dictionary (NULL: none); returns 0, or -1 when damaged.
/// zstd: `ZSTD_decompress_usingDDict`.
int CTracuuZstd_decompressWithDictionary(const void *dictionary, const uint8_t *source, int64_t length,
                                         uint8_t *destination, int64_t expectedLength);

/// The content size a frame's header declares, or -1 when it declares none
/// or is no frame. zstd: `ZSTD_getFrameContentSize`.
int64_t CTracuuZstd_frameContentSize(const uint8_t *source, int64_t length);

/// The compressed size of the first frame in `source` (which may hold
/// several back to back), or -1 when it is damaged or cut short. zstd:
/// `ZSTD_findFrameCompressedSize`.
int64_t CTracuuZstd_frameCompressedSize(const uint8_t *source, int64_t length);

/// zstd's version ("1.5.4").
const char *CTracuuZstd_version(void);

#ifdef __cplusplus
}
#endif
#endif
