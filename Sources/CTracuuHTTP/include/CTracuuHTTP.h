// CTracuuHTTP: one HTTP(S) GET through libcurl, which is loaded with dlopen
// the first time a page is fetched. Linking libcurl (or Foundation's
// URLSession, which does) would load it and its ~30 libraries — TLS,
// Kerberos, LDAP — at every start of every tracuu command, searches
// included: measured at two thirds of a search's process time.
#ifndef CTRACUU_HTTP_H
#define CTRACUU_HTTP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    /// HTTP status of the final response (after redirects), 0 when none came.
    long status;
    /// The body (malloc'd, `body_length` bytes) or NULL.
    uint8_t *body;
    size_t body_length;
    /// The final response's Content-Type (malloc'd) or NULL.
    char *content_type;
    /// Why the transfer failed (malloc'd) or NULL on success.
    char *error;
    /// 1 when the body passed `max_bytes` and the transfer was stopped.
    int too_large;
} CTracuuHTTP_Response;

/// GETs `url` with these headers, following up to `max_redirects`
/// redirects, within `timeout_seconds`; stops past `max_bytes`. Returns 0
/// when a response came (any status), -1 otherwise (`error` says why,
/// including "libcurl is not installed").
int CTracuuHTTP_get(const char *url, const char *user_agent, const char *accept, long timeout_seconds,
                    size_t max_bytes, long max_redirects, CTracuuHTTP_Response *response);

/// Frees what a response holds.
void CTracuuHTTP_free(CTracuuHTTP_Response *response);

#ifdef __cplusplus
}
#endif

#endif
