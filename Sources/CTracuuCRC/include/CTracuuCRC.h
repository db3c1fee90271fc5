// CTracuuCRC: CRC-32C (Castagnoli) with the CPU's instruction where there is
// one (SSE 4.2 on x86-64, the CRC extension on ARMv8), a table otherwise.
// Plain C with no library: it lives in a shim only because Swift cannot
// reach the instructions.
#ifndef CTRACUU_CRC_H
#define CTRACUU_CRC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Continues a CRC-32C over `length` bytes. `state` is the running register
/// (start with 0xFFFFFFFF; the checksum is the final state XOR 0xFFFFFFFF).
uint32_t CTracuuCRC_update(uint32_t state, const uint8_t *data, size_t length);

/// 1 when the hardware instruction is used, for the benchmark's report.
int CTracuuCRC_hardware(void);

/// The same as CTracuuCRC_update by the table method whatever the CPU: the
/// reference the tests hold the instruction's paths to.
uint32_t CTracuuCRC_updateByTable(uint32_t state, const uint8_t *data, size_t length);

#ifdef __cplusplus
}
#endif

#endif
