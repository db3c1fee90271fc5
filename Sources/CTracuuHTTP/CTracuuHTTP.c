// See CTracuuHTTP.h. libcurl's API and its option numbers are stable
// across every libcurl 7.x and 8.x (curl guarantees ABI compatibility for
// libcurl.so.4), so the few this file needs are declared here rather than
// taken from curl/curl.h, which would need the -dev package to build.
#include "CTracuuHTTP.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void CURL;
struct curl_slist;
typedef int CURLcode;

enum {
    OPT_WRITEDATA = 10001,
    OPT_URL = 10002,
    OPT_USERAGENT = 10018,
    OPT_HTTPHEADER = 10023,
    OPT_ACCEPT_ENCODING = 10102,
    OPT_WRITEFUNCTION = 20011,
    OPT_HEADERDATA = 10029,
    OPT_HEADERFUNCTION = 20079,
    INFO_REDIRECT_URL = 0x100000 + 31,
    OPT_TIMEOUT = 13,
    OPT_FOLLOWLOCATION = 52,
    OPT_MAXREDIRS = 68,
    OPT_CONNECTTIMEOUT = 78,
    OPT_NOSIGNAL = 99,
    INFO_CONTENT_TYPE = 0x100000 + 18,
    INFO_RESPONSE_CODE = 0x200000 + 2,
    GLOBAL_DEFAULT = 3,
    E_WRITE_ERROR = 23,
};

static struct {
    int loaded;
    char failure[256];
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, int, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !library; i++) library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(curl.failure, sizeof curl.failure, "libcurl is not installed (apt install libcurl4): %s", dlerror());
        return;
    }
#define SYMBOL(field, name)                                                                      \
    *(void **)&curl.field = dlsym(library, name);                                                \
    if (!curl.field) {                                                                           \
        snprintf(curl.failure, sizeof curl.failure, "libcurl has no %s", name);                  \
        return;                                                                                  \
    }
    SYMBOL(global_init, "curl_global_init")
    SYMBOL(easy_init, "curl_easy_init")
    SYMBOL(easy_setopt, "curl_easy_setopt")
    SYMBOL(easy_perform, "curl_easy_perform")
    SYMBOL(easy_getinfo, "curl_easy_getinfo")
    SYMBOL(easy_cleanup, "curl_easy_cleanup")
    SYMBOL(easy_strerror, "curl_easy_strerror")
    SYMBOL(slist_append, "curl_slist_append")
    SYMBOL(slist_free_all, "curl_slist_free_all")
#undef SYMBOL
    if (curl.global_init(GLOBAL_DEFAULT) != 0) {
        snprintf(curl.failure, sizeof curl.failure, "libcurl failed to initialize");
        return;
    }
    curl.loaded = 1;
}

typedef struct {
    CTracuuHTTP_Response *response;
    size_t capacity;
    size_t max_bytes;
} Sink;

/// Grows `*buffer` (doubling from `initial`) to hold `needed` bytes; 0 when out of memory.
static int reserve(void **buffer, size_t *capacity, size_t needed, size_t initial) {
    if (needed <= *capacity) return 1;
    size_t grown_capacity = *capacity ? *capacity : initial;
    while (grown_capacity < needed) grown_capacity *= 2;
    void *grown = realloc(*buffer, grown_capacity);
    if (!grown) return 0;
    *buffer = grown;
    *capacity = grown_capacity;
    return 1;
}

static size_t write_body(char *data, size_t size, size_t count, void *context) {
    Sink *sink = context;
    size_t length = size * count;
    CTracuuHTTP_Response *response = sink->response;
    if (response->body_length + length > sink->max_bytes) {
        response->too_large = 1;
        return 0;  // libcurl stops with a write error
    }
    if (!reserve((void **)&response->body, &sink->capacity, response->body_length + length, 65536)) return 0;
    memcpy(response->body + response->body_length, data, length);
    response->body_length += length;
    return length;
}

typedef struct {
    CTracuuHTTP_Response *response;
    size_t capacity;
} HeaderSink;

/// Keeps the header block of the last response (a new status line starts over).
static size_t write_header(char *data, size_t size, size_t count, void *context) {
    HeaderSink *sink = context;
    size_t length = size * count;
    CTracuuHTTP_Response *response = sink->response;
    if (length >= 5 && memcmp(data, "HTTP/", 5) == 0) response->headers_length = 0;
    if (!reserve((void **)&response->headers, &sink->capacity, response->headers_length + length + 1, 4096)) return 0;
    memcpy(response->headers + response->headers_length, data, length);
    response->headers_length += length;
    response->headers[response->headers_length] = 0;
    return length;
}

static int perform(const char *url, const char *user_agent, const char *accept, long timeout_seconds,
                   size_t max_bytes, long max_redirects, int raw, CTracuuHTTP_Response *response);

int CTracuuHTTP_get(const char *url, const char *user_agent, const char *accept, long timeout_seconds,
                    size_t max_bytes, long max_redirects, CTracuuHTTP_Response *response) {
    return perform(url, user_agent, accept, timeout_seconds, max_bytes, max_redirects, 0, response);
}

int CTracuuHTTP_get_raw(const char *url, const char *user_agent, const char *accept, long timeout_seconds,
                        size_t max_bytes, CTracuuHTTP_Response *response) {
    return perform(url, user_agent, accept, timeout_seconds, max_bytes, 0, 1, response);
}

static int perform(const char *url, const char *user_agent, const char *accept, long timeout_seconds,
                   size_t max_bytes, long max_redirects, int raw, CTracuuHTTP_Response *response) {
    memset(response, 0, sizeof *response);
    pthread_once(&load_once, load);
    if (!curl.loaded) {
        response->error = strdup(curl.failure);
        return -1;
    }
    CURL *handle = curl.easy_init();
    if (!handle) {
        response->error = strdup("libcurl could not start a transfer");
        return -1;
    }
    char accept_header[512];
    snprintf(accept_header, sizeof accept_header, "Accept: %s", accept);
    struct curl_slist *headers = curl.slist_append(NULL, accept_header);
    Sink sink = {response, 0, max_bytes};
    HeaderSink header_sink = {response, 0};
    curl.easy_setopt(handle, OPT_URL, url);
    curl.easy_setopt(handle, OPT_USERAGENT, user_agent);
    curl.easy_setopt(handle, OPT_HTTPHEADER, headers);
    if (!raw) curl.easy_setopt(handle, OPT_ACCEPT_ENCODING, "");
    curl.easy_setopt(handle, OPT_FOLLOWLOCATION, raw ? 0L : 1L);
    curl.easy_setopt(handle, OPT_MAXREDIRS, max_redirects);
    if (raw) {  // only the crawler archives the header block
        curl.easy_setopt(handle, OPT_HEADERFUNCTION, write_header);
        curl.easy_setopt(handle, OPT_HEADERDATA, &header_sink);
    }
    curl.easy_setopt(handle, OPT_TIMEOUT, timeout_seconds);
    curl.easy_setopt(handle, OPT_CONNECTTIMEOUT, timeout_seconds < 10 ? timeout_seconds : 10L);
    curl.easy_setopt(handle, OPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, OPT_WRITEFUNCTION, write_body);
    curl.easy_setopt(handle, OPT_WRITEDATA, &sink);
    CURLcode code = curl.easy_perform(handle);
    curl.easy_getinfo(handle, INFO_RESPONSE_CODE, &response->status);
    char *content_type = NULL;
    if (curl.easy_getinfo(handle, INFO_CONTENT_TYPE, &content_type) == 0 && content_type) {
        response->content_type = strdup(content_type);
    }
    char *redirect = NULL;
    if (curl.easy_getinfo(handle, INFO_REDIRECT_URL, &redirect) == 0 && redirect) {
        response->redirect_url = strdup(redirect);
    }
    int result = 0;
    if (code != 0 && !(code == E_WRITE_ERROR && response->too_large)) {
        response->error = strdup(curl.easy_strerror(code));
        result = -1;
    }
    curl.slist_free_all(headers);
    curl.easy_cleanup(handle);
    return result;
}

void CTracuuHTTP_free(CTracuuHTTP_Response *response) {
    free(response->body);
    free(response->content_type);
    free(response->error);
    free(response->headers);
    free(response->redirect_url);
    memset(response, 0, sizeof *response);
}
