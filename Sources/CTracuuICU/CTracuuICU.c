// Calls ICU through its plain C names; urename.h (pulled in by utypes.h)
// turns them into the versioned symbols of the installed ICU.
#include "CTracuuICU.h"

#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

static const UNormalizer2 *normalizerFor(int form, UErrorCode *status) {
    switch (form) {
    case CTracuuICU_NFC: return unorm2_getNFCInstance(status);
    case CTracuuICU_NFD: return unorm2_getNFDInstance(status);
    case CTracuuICU_NFKC: return unorm2_getNFKCInstance(status);
    case CTracuuICU_NFKC_CASEFOLD: return unorm2_getNFKCCasefoldInstance(status);
    default: *status = U_ILLEGAL_ARGUMENT_ERROR; return NULL;
    }
}

// UTF-8 → malloc'd UTF-16, invalid sequences replaced by U+FFFD.
static UChar *toUTF16(const uint8_t *utf8, int64_t length, int32_t *outLength, UErrorCode *status) {
    if (length > INT32_MAX / 2) { *status = U_BUFFER_OVERFLOW_ERROR; return NULL; }
    int32_t capacity = (int32_t)length + 1;
    UChar *buffer = (UChar *)malloc(sizeof(UChar) * (size_t)capacity);
    if (!buffer) { *status = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    int32_t numberOfSubstitutions = 0;
    u_strFromUTF8WithSub(buffer, capacity, outLength, (const char *)utf8, (int32_t)length,
                         0xFFFD, &numberOfSubstitutions, status);
    if (U_FAILURE(*status)) { free(buffer); return NULL; }
    return buffer;
}

// UTF-16 → malloc'd UTF-8 (NUL-terminated for convenience).
static uint8_t *toUTF8(const UChar *utf16, int32_t length, int64_t *outLength, UErrorCode *status) {
    int32_t needed = 0;
    UErrorCode preflight = U_ZERO_ERROR;
    u_strToUTF8WithSub(NULL, 0, &needed, utf16, length, 0xFFFD, NULL, &preflight);
    if (preflight != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(preflight)) { *status = preflight; return NULL; }
    uint8_t *out = (uint8_t *)malloc((size_t)needed + 1);
    if (!out) { *status = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    u_strToUTF8WithSub((char *)out, needed + 1, &needed, utf16, length, 0xFFFD, NULL, status);
    if (U_FAILURE(*status)) { free(out); return NULL; }
    *outLength = needed;
    return out;
}

uint8_t *CTracuuICU_normalize(int form, const uint8_t *utf8, int64_t length,
                              int64_t *outLength, int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    *outLength = 0;
    const UNormalizer2 *normalizer = normalizerFor(form, &status);
    if (U_FAILURE(status)) { *errorCode = status; return NULL; }
    int32_t sourceLength = 0;
    UChar *source = toUTF16(utf8, length, &sourceLength, &status);
    if (!source) { *errorCode = status; return NULL; }
    // NFKC_Casefold can expand; retry once with the exact size on overflow.
    int32_t capacity = sourceLength + sourceLength / 2 + 16;
    UChar *target = (UChar *)malloc(sizeof(UChar) * (size_t)capacity);
    int32_t produced = target ? unorm2_normalize(normalizer, source, sourceLength, target, capacity, &status) : 0;
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        free(target);
        status = U_ZERO_ERROR;
        capacity = produced + 1;
        target = (UChar *)malloc(sizeof(UChar) * (size_t)capacity);
        if (target) produced = unorm2_normalize(normalizer, source, sourceLength, target, capacity, &status);
    }
    free(source);
    if (!target) { *errorCode = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    if (U_FAILURE(status)) { free(target); *errorCode = status; return NULL; }
    uint8_t *out = toUTF8(target, produced, outLength, &status);
    free(target);
    *errorCode = status;
    return out;
}

int CTracuuICU_isNormalized(int form, const uint8_t *utf8, int64_t length) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = normalizerFor(form, &status);
    if (U_FAILURE(status)) return -1;
    int32_t sourceLength = 0;
    UChar *source = toUTF16(utf8, length, &sourceLength, &status);
    if (!source) return -1;
    UBool result = unorm2_isNormalized(normalizer, source, sourceLength, &status);
    free(source);
    if (U_FAILURE(status)) return -1;
    return result ? 1 : 0;
}

uint8_t *CTracuuICU_convertToUTF8(const char *charset, const uint8_t *bytes, int64_t length,
                                  int64_t *outLength, int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    *outLength = 0;
    if (length > INT32_MAX / 2) { *errorCode = U_BUFFER_OVERFLOW_ERROR; return NULL; }
    UConverter *converter = ucnv_open(charset, &status);
    if (U_FAILURE(status)) { *errorCode = status; return NULL; }
    // Every input byte yields at most two UTF-16 units for the charsets we
    // accept; preflighting would decode twice.
    int32_t capacity = (int32_t)length * 2 + 16;
    UChar *utf16 = (UChar *)malloc(sizeof(UChar) * (size_t)capacity);
    if (!utf16) { ucnv_close(converter); *errorCode = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    int32_t produced = ucnv_toUChars(converter, utf16, capacity, (const char *)bytes, (int32_t)length, &status);
    ucnv_close(converter);
    if (U_FAILURE(status)) { free(utf16); *errorCode = status; return NULL; }
    uint8_t *out = toUTF8(utf16, produced, outLength, &status);
    free(utf16);
    *errorCode = status;
    return out;
}

const char *CTracuuICU_canonicalCharsetName(const char *alias) {
    UErrorCode status = U_ZERO_ERROR;
    const char *name = ucnv_getAlias(alias, 0, &status);
    if (U_FAILURE(status) || name == NULL) return NULL;
    return name;
}

int32_t CTracuuICU_detectCharset(const uint8_t *bytes, int64_t length, char *name, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector *detector = ucsdet_open(&status);
    if (U_FAILURE(status)) return -1;
    int32_t textLength = length > (1 << 20) ? (1 << 20) : (int32_t)length;
    ucsdet_setText(detector, (const char *)bytes, textLength, &status);
    const UCharsetMatch *match = U_SUCCESS(status) ? ucsdet_detect(detector, &status) : NULL;
    int32_t confidence = -1;
    if (match && U_SUCCESS(status)) {
        const char *detected = ucsdet_getName(match, &status);
        confidence = ucsdet_getConfidence(match, &status);
        if (U_SUCCESS(status) && detected) {
            snprintf(name, (size_t)capacity, "%s", detected);
        } else {
            confidence = -1;
        }
    }
    ucsdet_close(detector);
    return confidence;
}

const char *CTracuuICU_version(void) {
    static char text[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo info;
    u_getVersion(info);
    u_versionToString(info, text);
    return text;
}

const char *CTracuuICU_unicodeVersion(void) {
    static char text[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo info;
    u_getUnicodeVersion(info);
    u_versionToString(info, text);
    return text;
}

const char *CTracuuICU_errorName(int32_t errorCode) { return u_errorName((UErrorCode)errorCode); }

void CTracuuICU_free(void *pointer) { free(pointer); }
