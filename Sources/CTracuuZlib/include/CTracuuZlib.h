// CTracuuZlib: zlib's deflate/inflate and gzip file reading (ISA-L) behind our own
// prefixed functions, so Swift never needs zlib.h.
#ifndef CTRACUU_ZLIB_H
#define CTRACUU_ZLIB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Upper bound of the compressed size of `length` bytes. The corresponding zlib function is `compressBound`.
int64_t CTracuuZlib_compressBound(int64_t length);

/// Compresses into `destination` (capacity from CTracuuZlib_compressBound) in
/// the zlib format. Returns the compressed length, or -1.
/// The corresponding zlib function is `compress2`.
int64_t CTracuuZlib_compress(const uint8_t *source, int64_t length, uint8_t *destination, int64_t capacity,
                             int level);

/// Decompresses zlib data whose decompressed length is known exactly.
/// Returns 0 on success, -1 if the data is damaged or has another length.
/// The corresponding zlib function is `uncompress`.
int CTracuuZlib_uncompress(const uint8_t *source, int64_t length, uint8_t *destination, int64_t expectedLength);

/// An open gzip (or plain) file read sequentially; multi-member gzip files are
/// read to the end. Inflated with ISA-L (see the .c file); as zlib's `gzread` does.
typedef struct CTracuuZlibFile CTracuuZlibFile;
CTracuuZlibFile *CTracuuZlib_open(const char *path);
/// Returns the number of bytes read, 0 at the end, -1 on error.
int64_t CTracuuZlib_read(CTracuuZlibFile *file, uint8_t *buffer, uint32_t capacity);
/// zlib's message for the last error on `file`.
const char *CTracuuZlib_error(CTracuuZlibFile *file);
void CTracuuZlib_close(CTracuuZlibFile *file);

/// Inflates a complete in-memory gzip stream (all members). Returns a malloc'd
/// buffer (free with CTracuuZlib_free) and its length, or NULL if damaged.
/// The corresponding zlib functions are `inflateInit2` and `inflate`.
uint8_t *CTracuuZlib_gunzip(const uint8_t *source, int64_t length, int64_t *outLength);

void CTracuuZlib_free(void *pointer);

/// `source` as one gzip member (a `.warc.gz` record): a malloc'd buffer (free
/// with CTracuuZlib_free) and its length, or NULL when out of memory.
uint8_t *CTracuuZlib_gzip(const uint8_t *source, int64_t length, int64_t *outLength);

#ifdef __cplusplus
}
#endif
#endif
