// CTracuuFile: file-system calls Swift's Glibc module does not expose
// (they need _GNU_SOURCE). Plain C, no library.
#ifndef CTRACUU_FILE_H
#define CTRACUU_FILE_H

#ifdef __cplusplus
extern "C" {
#endif

/// Asks the kernel to start writing the file's dirty pages to disk now,
/// without waiting for them (Linux sync_file_range with
/// SYNC_FILE_RANGE_WRITE). 0, or the errno of a refusal; 0 where the call
/// does not exist. It makes nothing durable: fsync still does that.
int CTracuuFile_startWriteback(int descriptor);

#ifdef __cplusplus
}
#endif

#endif
