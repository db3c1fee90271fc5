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
// third of the CPU's pace. Buffers of 768 bytes and more are cut in three
// streams computed side by side and joined: the register after A then B is
// the register after A "shifted" over B's length (multiplied by x^(8·|B|)
// modulo the polynomial) XOR the register of B alone from zero. Megabytes
// (a dictionary or columns checked whole) go in streams of 16 KiB; a few
// kilobytes (a dictionary block, a term's postings, a stored frame: what a
// search checks on first use) in streams of 256 bytes, the rest of a long
// buffer too. Both run about 2.5 times as fast as one chain.
#define POLY 0x82F63B78u
#define LONG_STRIDE 16384
#define SHORT_STRIDE 256

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

// The shift of a register over one stride, as a table per byte of the
// register: multiplication by a fixed polynomial is linear, so the shift of
// the register is the XOR of its bytes' shifts. Four loads per join, where
// the bit-by-bit multiplication would cost more than the short streams
// save.
typedef struct {
    uint32_t byByte[4][256];
} ShiftTable;

static ShiftTable longShift, shortShift;
static pthread_once_t shiftsOnce = PTHREAD_ONCE_INIT;

static void fillShiftTable(ShiftTable *table, size_t bytes) {
    uint32_t shift = shiftOver(bytes);
    for (int byte = 0; byte < 4; byte++) {
        for (uint32_t value = 0; value < 256; value++) table->byByte[byte][value] = multiplyModP(shift, value << (8 * byte));
    }
}

static void buildShiftTables(void) {
    fillShiftTable(&longShift, LONG_STRIDE);
    fillShiftTable(&shortShift, SHORT_STRIDE);
}

static inline uint32_t shifted(const ShiftTable *table, uint32_t crc) {
    return table->byByte[0][crc & 0xFF] ^ table->byByte[1][(crc >> 8) & 0xFF] ^ table->byByte[2][(crc >> 16) & 0xFF] ^
           table->byByte[3][crc >> 24];
}

#if defined(__x86_64__)
#include <nmmintrin.h>

// Consumes `*data` three strides at a time while that many bytes are left,
// advancing `*data` and `*length`; returns the register. Inlined with a
// constant `stride`, so each caller's inner loop is unrolled for it.
__attribute__((target("sse4.2"), always_inline)) static inline uint64_t threeStreams(
    uint64_t state, const uint8_t **data, size_t *length, size_t stride, const ShiftTable *shift) {
    while (*length >= 3 * stride) {
        const uint8_t *p = *data;
        uint64_t a = state, b = 0, c = 0;
        for (size_t i = 0; i < stride; i += 8) {
            uint64_t wordA, wordB, wordC;
            memcpy(&wordA, p + i, 8);
            memcpy(&wordB, p + stride + i, 8);
            memcpy(&wordC, p + 2 * stride + i, 8);
            a = _mm_crc32_u64(a, wordA);
            b = _mm_crc32_u64(b, wordB);
            c = _mm_crc32_u64(c, wordC);
        }
        uint32_t joined = shifted(shift, (uint32_t)a) ^ (uint32_t)b;
        state = shifted(shift, joined) ^ (uint32_t)c;
        *data += 3 * stride;
        *length -= 3 * stride;
    }
    return state;
}

__attribute__((target("sse4.2"))) static uint32_t hardware(uint32_t crc, const uint8_t *data, size_t length) {
    uint64_t state = crc;
    if (length >= 3 * SHORT_STRIDE) {
        pthread_once(&shiftsOnce, buildShiftTables);
        state = threeStreams(state, &data, &length, LONG_STRIDE, &longShift);
        state = threeStreams(state, &data, &length, SHORT_STRIDE, &shortShift);
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
