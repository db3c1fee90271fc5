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
    /// The final response's status line and header lines as received
    /// (malloc'd, `headers_length` bytes, CRLF-separated) or NULL.
    char *headers;
    size_t headers_length;
    /// Where a redirect points, resolved against the URL (malloc'd) or NULL.
    char *redirect_url;
} CTracuuHTTP_Response;

/// GETs `url` with these headers, following up to `max_redirects`
/// redirects, within `timeout_seconds`; stops past `max_bytes`. Returns 0
/// when a response came (any status), -1 otherwise (`error` says why,
/// including "libcurl is not installed").
int CTracuuHTTP_get(const char *url, const char *user_agent, const char *accept, long timeout_seconds,
                    size_t max_bytes, long max_redirects, CTracuuHTTP_Response *response);

/// GETs `url` once, as a crawler archiving it needs: no redirect followed
/// (`redirect_url` says where one points), no content decoding asked for
/// (the body is recorded as it came), the raw header block kept.
int CTracuuHTTP_get_raw(const char *url, const char *user_agent, const char *accept, long timeout_seconds,
                        size_t max_bytes, CTracuuHTTP_Response *response);

/// Frees what a response holds.
void CTracuuHTTP_free(CTracuuHTTP_Response *response);

#ifdef __cplusplus
}
#endif

#endif
