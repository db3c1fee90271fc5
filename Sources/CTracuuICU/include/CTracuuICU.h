// CTracuuICU: the few ICU services tracuu needs, behind our own prefixed
// functions. This header includes no ICU header on purpose: Foundation ships
// its own ICU module, and ICU's utypes.h clashes with it when a Swift file sees
// both. All text crosses this boundary as UTF-8 bytes.
#ifndef CTRACUU_ICU_H
#define CTRACUU_ICU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Normalization forms, mapped to ICU's built-in normalizer instances.
enum {
    CTracuuICU_NFC = 0,
    CTracuuICU_NFD = 1,
    CTracuuICU_NFKC = 2,
    /// NFKC plus full case folding plus removal of default-ignorable code
    /// points (soft hyphen, zero-width joiners, BOM): ICU's "nfkc_cf".
    CTracuuICU_NFKC_CASEFOLD = 3,
};

/// Normalizes UTF-8 text. Invalid UTF-8 becomes U+FFFD.
/// Returns a malloc'd buffer (free it with CTracuuICU_free) and stores its
/// length in *outLength, or returns NULL with *errorCode set to ICU's code.
/// The corresponding ICU functions are `u_strFromUTF8WithSub`,
/// `unorm2_normalize` and `u_strToUTF8`.
uint8_t *CTracuuICU_normalize(int form, const uint8_t *utf8, int64_t length,
                              int64_t *outLength, int32_t *errorCode);

/// 1 if the UTF-8 text is already in the given form, 0 if not, -1 on error.
/// The corresponding ICU function is `unorm2_isNormalized`.
int CTracuuICU_isNormalized(int form, const uint8_t *utf8, int64_t length);

/// Converts bytes in a legacy or Unicode charset (any name or alias ICU knows:
/// "windows-1258", "ISO-8859-1", "UTF-16LE" ...) to UTF-8. Unmappable bytes
/// become U+FFFD. Returns a malloc'd buffer, or NULL with *errorCode set
/// (U_FILE_ACCESS_ERROR = 4 when the charset name is unknown).
/// The corresponding ICU functions are `ucnv_open` and `ucnv_toUChars`.
uint8_t *CTracuuICU_convertToUTF8(const char *charset, const uint8_t *bytes, int64_t length,
                                  int64_t *outLength, int32_t *errorCode);

/// ICU's canonical name for a charset alias, or NULL when ICU does not know it.
/// The corresponding ICU function is `ucnv_getCanonicalName`/`ucnv_getAlias`.
const char *CTracuuICU_canonicalCharsetName(const char *alias);

/// Guesses the charset of bytes. Writes the name (e.g. "windows-1252") into
/// `name` (capacity `capacity`) and returns the confidence 0–100, or -1.
/// The corresponding ICU functions are `ucsdet_setText` and `ucsdet_detect`.
int32_t CTracuuICU_detectCharset(const uint8_t *bytes, int64_t length, char *name, int32_t capacity);

/// ICU's version ("72.1") and the Unicode version its data implements ("15.0").
const char *CTracuuICU_version(void);
const char *CTracuuICU_unicodeVersion(void);

/// ICU's name for an error code ("U_ILLEGAL_ARGUMENT_ERROR").
const char *CTracuuICU_errorName(int32_t errorCode);

void CTracuuICU_free(void *pointer);

#ifdef __cplusplus
}
#endif
#endif
