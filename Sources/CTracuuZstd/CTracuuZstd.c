#include "CTracuuZstd.h"

#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>
#include <zstd.h>

int64_t CTracuuZstd_compressBound(int64_t length) { return (int64_t)ZSTD_compressBound((size_t)length); }

int64_t CTracuuZstd_trainDictionary(const uint8_t *samples, const size_t *sizes, uint32_t count, uint8_t *dictionary,
                                    int64_t capacity) {
    // Fixed parameters instead of ZDICT_trainFromBuffer's search over k:
    // the search costs ten times as long for a dictionary a percent better.
    ZDICT_fastCover_params_t parameters = {0};
    parameters.k = 200;
    parameters.d = 8;
    parameters.f = 20;
    parameters.accel = 1;
    parameters.zParams.compressionLevel = 3;
    size_t produced = ZDICT_trainFromBuffer_fastCover(dictionary, (size_t)capacity, samples, sizes, count, parameters);
    if (ZDICT_isError(produced)) return -1;
    return (int64_t)produced;
}

void *CTracuuZstd_compressionDictionary(const uint8_t *dictionary, int64_t length, int level) {
    return ZSTD_createCDict(dictionary, (size_t)length, level);
}

void CTracuuZstd_freeCompressionDictionary(void *dictionary) { ZSTD_freeCDict((ZSTD_CDict *)dictionary); }

// One compression context per thread, made once: creating one per frame
// costs more than compressing an article. Its frame parameters are set
// once and stay ("sticky" in zstd's words).
static _Thread_local ZSTD_CCtx *dictionaryContext = NULL;

int64_t CTracuuZstd_compressWithDictionary(const void *dictionary, const uint8_t *source, int64_t length,
                                           uint8_t *destination, int64_t capacity, int level) {
    if (!dictionaryContext) {
        dictionaryContext = ZSTD_createCCtx();
        if (!dictionaryContext) return -1;
        ZSTD_CCtx_setParameter(dictionaryContext, ZSTD_c_checksumFlag, 0);
        ZSTD_CCtx_setParameter(dictionaryContext, ZSTD_c_dictIDFlag, 0);
        ZSTD_CCtx_setParameter(dictionaryContext, ZSTD_c_contentSizeFlag, 1);
    }
    if (ZSTD_isError(ZSTD_CCtx_setParameter(dictionaryContext, ZSTD_c_compressionLevel, level))) return -1;
    if (ZSTD_isError(ZSTD_CCtx_refCDict(dictionaryContext, (const ZSTD_CDict *)dictionary))) return -1;
    size_t produced = ZSTD_compress2(dictionaryContext, destination, (size_t)capacity, source, (size_t)length);
    if (ZSTD_isError(produced)) return -1;
    return (int64_t)produced;
}

void *CTracuuZstd_decompressionDictionary(const uint8_t *dictionary, int64_t length) {
    return ZSTD_createDDict(dictionary, (size_t)length);
}

void CTracuuZstd_freeDecompressionDictionary(void *dictionary) { ZSTD_freeDDict((ZSTD_DDict *)dictionary); }

// One decompression context per thread, like the compression context.
static _Thread_local ZSTD_DCtx *decompressionContext = NULL;

int CTracuuZstd_decompressWithDictionary(const void *dictionary, const uint8_t *source, int64_t length,
                                         uint8_t *destination, int64_t expectedLength) {
    if (!decompressionContext) decompressionContext = ZSTD_createDCtx();
    if (!decompressionContext) return -1;
    size_t produced = ZSTD_decompress_usingDDict(decompressionContext, destination, (size_t)expectedLength, source,
                                                 (size_t)length, (const ZSTD_DDict *)dictionary);
    if (ZSTD_isError(produced) || (int64_t)produced != expectedLength) return -1;
    return 0;
}

int64_t CTracuuZstd_frameContentSize(const uint8_t *source, int64_t length) {
    unsigned long long size = ZSTD_getFrameContentSize(source, (size_t)length);
    if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR || size > INT64_MAX) return -1;
    return (int64_t)size;
}

int64_t CTracuuZstd_frameCompressedSize(const uint8_t *source, int64_t length) {
    size_t size = ZSTD_findFrameCompressedSize(source, (size_t)length);
    if (ZSTD_isError(size)) return -1;
    return (int64_t)size;
}

const char *CTracuuZstd_version(void) { return ZSTD_versionString(); }
