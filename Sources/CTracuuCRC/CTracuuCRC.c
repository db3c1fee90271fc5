#include "CTracuuCRC.h"

#include <pthread.h>
#include <string.h>

// Reflected polynomial 0x1EDC6F41 → 0x82F63B78, eight tables (slicing-by-8).
static uint32_t tables[8][256];
static pthread_once_t tablesOnce = PTHREAD_ONCE_INIT;

static void buildTables(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t crc = i;
        for (int k = 0; k < 8; k++) crc = (crc & 1) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        tables[0][i] = crc;
    }
    for (uint32_t i = 0; i < 256; i++) {
        for (int t = 1; t < 8; t++) tables[t][i] = (tables[t - 1][i] >> 8) ^ tables[0][tables[t - 1][i] & 0xFF];
    }
}

static uint32_t software(uint32_t crc, const uint8_t *data, size_t length) {
    pthread_once(&tablesOnce, buildTables);  // indexing threads may race here
    while (length >= 8) {
        uint32_t low, high;
        memcpy(&low, data, 4);
        memcpy(&high, data + 4, 4);
        low ^= crc;
        crc = tables[7][low & 0xFF] ^ tables[6][(low >> 8) & 0xFF] ^ tables[5][(low >> 16) & 0xFF] ^
              tables[4][low >> 24] ^ tables[3][high & 0xFF] ^ tables[2][(high >> 8) & 0xFF] ^
              tables[1][(high >> 16) & 0xFF] ^ tables[0][high >> 24];
        data += 8;
        length -= 8;
    }
    while (length--) crc = (crc >> 8) ^ tables[0][(crc ^ *data++) & 0xFF];
    return crc;
}

// Combining independent CRCs. The instruction takes three cycles to give
// its result but can start one every cycle, so one chain of it runs at a
// third of the CPU's pace. Long buffers are cut in three streams computed
// side by side and joined: the register after A then B is the register
// after A "shifted" over B's length (multiplied by x^(8·|B|) modulo the
// polynomial) XOR the register of B alone from zero. At open, a search
// verifies the dictionary and columns (megabytes) this way about 2.5
// times faster.
#define POLY 0x82F63B78u
#define STRIDE 16384

// a·b modulo the polynomial, in the reflected order (bit 31 is x^0).
static uint32_t multiplyModP(uint32_t a, uint32_t b) {
    uint32_t product = 0;
    for (uint32_t m = 1u << 31; m != 0; m >>= 1) {
        if (a & m) {
            product ^= b;
            if ((a & (m - 1)) == 0) break;
        }
        b = (b & 1) ? (b >> 1) ^ POLY : b >> 1;
    }
    return product;
}

// x^(8·bytes) modulo the polynomial: what shifts a register over `bytes`.
static uint32_t shiftOver(size_t bytes) {
    uint32_t result = 1u << 31;  // x^0
    uint32_t square = 1u << 23;  // x^8, one byte
    while (bytes) {
        if (bytes & 1) result = multiplyModP(square, result);
        square = multiplyModP(square, square);
        bytes >>= 1;
    }
    return result;
}

static uint32_t strideShift;
static pthread_once_t strideOnce = PTHREAD_ONCE_INIT;
static void buildStrideShift(void) { strideShift = shiftOver(STRIDE); }

// Buffers of a few kilobytes (a dictionary block, a term's postings, a
// stored frame: what a search checks) are cut in three streams of
// SHORT_STRIDE bytes at a time. Joining them after every 768 bytes must
// be cheap, so the shift over SHORT_STRIDE is a table, one per byte of the
// register (multiplication by a fixed polynomial is linear: the shift of
// the register is the XOR of its bytes' shifts): four loads, not the
// bit-by-bit multiplication the long streams can afford once per 48 KiB.
#define SHORT_STRIDE 256
static uint32_t shortShift[4][256];
static pthread_once_t shortOnce = PTHREAD_ONCE_INIT;
static void buildShortShift(void) {
    uint32_t shift = shiftOver(SHORT_STRIDE);
    for (int byte = 0; byte < 4; byte++) {
        for (uint32_t value = 0; value < 256; value++) shortShift[byte][value] = multiplyModP(shift, value << (8 * byte));
    }
}

static inline uint32_t shiftShort(uint32_t crc) {
    return shortShift[0][crc & 0xFF] ^ shortShift[1][(crc >> 8) & 0xFF] ^ shortShift[2][(crc >> 16) & 0xFF] ^
           shortShift[3][crc >> 24];
}

#if defined(__x86_64__)
#include <nmmintrin.h>

__attribute__((target("sse4.2"))) static uint32_t hardware(uint32_t crc, const uint8_t *data, size_t length) {
    uint64_t state = crc;
    if (length >= 3 * STRIDE) {
        pthread_once(&strideOnce, buildStrideShift);
        while (length >= 3 * STRIDE) {
            uint64_t a = state, b = 0, c = 0;
            for (size_t i = 0; i < STRIDE; i += 8) {
                uint64_t wordA, wordB, wordC;
                memcpy(&wordA, data + i, 8);
                memcpy(&wordB, data + STRIDE + i, 8);
                memcpy(&wordC, data + 2 * STRIDE + i, 8);
                a = _mm_crc32_u64(a, wordA);
                b = _mm_crc32_u64(b, wordB);
                c = _mm_crc32_u64(c, wordC);
            }
            uint32_t joined = multiplyModP(strideShift, (uint32_t)a) ^ (uint32_t)b;
            state = multiplyModP(strideShift, joined) ^ (uint32_t)c;
            data += 3 * STRIDE;
            length -= 3 * STRIDE;
        }
    }
    if (length >= 3 * SHORT_STRIDE) {
        pthread_once(&shortOnce, buildShortShift);
        while (length >= 3 * SHORT_STRIDE) {
            uint64_t a = state, b = 0, c = 0;
            for (size_t i = 0; i < SHORT_STRIDE; i += 8) {
                uint64_t wordA, wordB, wordC;
                memcpy(&wordA, data + i, 8);
                memcpy(&wordB, data + SHORT_STRIDE + i, 8);
                memcpy(&wordC, data + 2 * SHORT_STRIDE + i, 8);
                a = _mm_crc32_u64(a, wordA);
                b = _mm_crc32_u64(b, wordB);
                c = _mm_crc32_u64(c, wordC);
            }
            uint32_t joined = shiftShort((uint32_t)a) ^ (uint32_t)b;
            state = shiftShort(joined) ^ (uint32_t)c;
            data += 3 * SHORT_STRIDE;
            length -= 3 * SHORT_STRIDE;
        }
    }
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, data, 8);
        state = _mm_crc32_u64(state, word);
        data += 8;
        length -= 8;
    }
    uint32_t small = (uint32_t)state;
    while (length--) small = _mm_crc32_u8(small, *data++);
    return small;
}

static int hasHardware(void) {
    static int cached = -1;
    if (cached < 0) cached = __builtin_cpu_supports("sse4.2") ? 1 : 0;
    return cached;
}
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#include <arm_acle.h>

static uint32_t hardware(uint32_t crc, const uint8_t *data, size_t length) {
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, data, 8);
        crc = __crc32cd(crc, word);
        data += 8;
        length -= 8;
    }
    while (length--) crc = __crc32cb(crc, *data++);
    return crc;
}

static int hasHardware(void) { return 1; }
#else
static uint32_t hardware(uint32_t crc, const uint8_t *data, size_t length) { return software(crc, data, length); }
static int hasHardware(void) { return 0; }
#endif

uint32_t CTracuuCRC_update(uint32_t state, const uint8_t *data, size_t length) {
    if (length == 0) return state;
    return hasHardware() ? hardware(state, data, length) : software(state, data, length);
}

int CTracuuCRC_hardware(void) { return hasHardware(); }

uint32_t CTracuuCRC_updateByTable(uint32_t state, const uint8_t *data, size_t length) {
    return length == 0 ? state : software(state, data, length);
}
