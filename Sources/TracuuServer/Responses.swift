import HTTPTypes
import Hummingbird
import TracuuEngine

/// Responses with the headers every answer of tracuu's carries.
enum Responses {
    /// No script, style or image from anywhere but tracuu itself; no
    /// framing. With every user-supplied string escaped, this is a second
    /// wall: even a missed escape could not run a script.
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
        .xContentTypeOptions: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
    ]

    static func json(_ value: JSON, status: HTTPResponse.Status = .ok) -> Response {
        make(value.serialized() + "\n", type: "application/json; charset=utf-8", status: status, cache: "no-store")
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        make(text, type: "text/html; charset=utf-8", status: status, cache: "no-store")
    }

    /// A static asset: the same for a process's whole life, so browsers may
    /// keep it an hour.
    static func asset(_ text: String, type: String) -> Response {
        make(text, type: type, status: .ok, cache: "public, max-age=3600")
    }

    static func error(_ error: RequestError) -> Response {
        json(error.json, status: error.status)
    }

    private static func make(_ text: String, type: String, status: HTTPResponse.Status, cache: String) -> Response {
        var headers = securityHeaders
        headers[.contentType] = type
        headers[.cacheControl] = cache
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
