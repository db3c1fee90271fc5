#include "CTracuuZstd.h"

#include <zstd.h>

int64_t CTracuuZstd_compressBound(int64_t length) { return (int64_t)ZSTD_compressBound((size_t)length); }

// One compression context per thread: creating one per block costs more
// than compressing a 64 KiB block.
static _Thread_local ZSTD_CCtx *context = NULL;

int64_t CTracuuZstd_compress(const uint8_t *source, int64_t length, uint8_t *destination, int64_t capacity,
                             int level) {
    if (!context) context = ZSTD_createCCtx();
    if (!context) return -1;
    size_t produced = ZSTD_compressCCtx(context, destination, (size_t)capacity, source, (size_t)length, level);
    if (ZSTD_isError(produced)) return -1;
    return (int64_t)produced;
}

int CTracuuZstd_decompress(const uint8_t *source, int64_t length, uint8_t *destination, int64_t expectedLength) {
    size_t produced = ZSTD_decompress(destination, (size_t)expectedLength, source, (size_t)length);
    if (ZSTD_isError(produced) || (int64_t)produced != expectedLength) return -1;
    return 0;
}

const char *CTracuuZstd_version(void) { return ZSTD_versionString(); }
