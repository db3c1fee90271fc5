#include "CTracuuZlib.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int64_t CTracuuZlib_compressBound(int64_t length) { return (int64_t)compressBound((uLong)length); }

int64_t CTracuuZlib_compress(const uint8_t *source, int64_t length, uint8_t *destination, int64_t capacity,
                             int level) {
    uLongf produced = (uLongf)capacity;
    if (compress2(destination, &produced, source, (uLong)length, level) != Z_OK) return -1;
    return (int64_t)produced;
}

int CTracuuZlib_uncompress(const uint8_t *source, int64_t length, uint8_t *destination, int64_t expectedLength) {
    uLongf produced = (uLongf)expectedLength;
    int status = uncompress(destination, &produced, source, (uLong)length);
    if (status != Z_OK || (int64_t)produced != expectedLength) return -1;
    return 0;
}

CTracuuZlibFile *CTracuuZlib_open(const char *path) {
    gzFile file = gzopen(path, "rb");
    if (file) gzbuffer(file, 1 << 17);
    return (CTracuuZlibFile *)file;
}

int64_t CTracuuZlib_read(CTracuuZlibFile *file, uint8_t *buffer, uint32_t capacity) {
    int n = gzread((gzFile)file, buffer, capacity);
    return n < 0 ? -1 : (int64_t)n;
}

const char *CTracuuZlib_error(CTracuuZlibFile *file) {
    int code = 0;
    return gzerror((gzFile)file, &code);
}

void CTracuuZlib_close(CTracuuZlibFile *file) {
    if (file) gzclose((gzFile)file);
}

uint8_t *CTracuuZlib_gunzip(const uint8_t *source, int64_t length, int64_t *outLength) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return NULL;
    size_t capacity = (size_t)length * 4 + 1024, produced = 0;
    uint8_t *out = (uint8_t *)malloc(capacity);
    stream.next_in = (Bytef *)source;
    stream.avail_in = (uInt)length;
    int status = Z_OK;
    while (out) {
        if (produced == capacity) {
            capacity *= 2;
            uint8_t *grown = (uint8_t *)realloc(out, capacity);
            if (!grown) { free(out); out = NULL; break; }
            out = grown;
        }
        stream.next_out = out + produced;
        stream.avail_out = (uInt)(capacity - produced);
        status = inflate(&stream, Z_NO_FLUSH);
        produced = capacity - stream.avail_out;
        if (status == Z_STREAM_END) {
            if (stream.avail_in == 0) break;
            // Another gzip member follows (concatenated .gz files, WARC records).
            if (inflateReset(&stream) != Z_OK) { status = Z_DATA_ERROR; break; }
            continue;
        }
        if (status != Z_OK && status != Z_BUF_ERROR) break;
        if (status == Z_BUF_ERROR && stream.avail_in == 0) break;  // truncated input
    }
    inflateEnd(&stream);
    if (!out) return NULL;
    if (status != Z_STREAM_END) { free(out); return NULL; }
    *outLength = (int64_t)produced;
    return out;
}

void CTracuuZlib_free(void *pointer) { free(pointer); }

uint8_t *CTracuuZlib_gzip(const uint8_t *source, int64_t length, int64_t *outLength) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (deflateInit2(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) return NULL;
    uLong capacity = deflateBound(&stream, (uLong)length) + 32;
    uint8_t *out = (uint8_t *)malloc(capacity);
    if (!out) { deflateEnd(&stream); return NULL; }
    stream.next_in = (Bytef *)source;
    stream.avail_in = (uInt)length;
    stream.next_out = out;
    stream.avail_out = (uInt)capacity;
    int status = deflate(&stream, Z_FINISH);
    *outLength = (int64_t)(capacity - stream.avail_out);
    deflateEnd(&stream);
    if (status != Z_STREAM_END) { free(out); return NULL; }
    return out;
}
