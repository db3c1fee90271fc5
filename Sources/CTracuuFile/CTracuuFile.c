#define _GNU_SOURCE
#include "CTracuuFile.h"

#include <errno.h>
#include <fcntl.h>

int CTracuuFile_startWriteback(int descriptor) {
#if defined(__linux__)
    if (sync_file_range(descriptor, 0, 0, SYNC_FILE_RANGE_WRITE) != 0) return errno;
#else
    (void)descriptor;
#endif
    return 0;
}
