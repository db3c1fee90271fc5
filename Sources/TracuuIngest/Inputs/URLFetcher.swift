import Foundation
import TracuuCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches one page over HTTP(S) for `tracuu index URL`: a plain GET with an
/// honest User-Agent, a timeout and a size cap. (Crawling a whole site —
/// robots.txt, politeness, WARC output — is the crawler's job, not this.)
enum URLFetcher {
    struct Response {
        var body: [UInt8]
        var contentType: String?
        var charset: String?
    }

    static let userAgent = "tracuu/0.1 (Vietnamese news search; +https://github.com/tracuu)"

    private final class Box: @unchecked Sendable {
        var result: Result<Response, IngestError>?
    }

    static func fetch(_ address: String, maxBytes: Int, timeout: TimeInterval = 30) throws(IngestError) -> Response {
        guard let url = URL(string: address), url.host != nil else {
            throw IngestError(.unreadable, source: address, reason: "not a valid URL")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.setValue(userAgent, forHTTPHeaderField: "User-Agent")
        request.setValue("text/html, text/plain;q=0.9, */*;q=0.1", forHTTPHeaderField: "Accept")
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            defer { done.signal() }
            if let error {
                box.result = .failure(IngestError(.unreadable, source: address, reason: error.localizedDescription))
                return
            }
            guard let http = response as? HTTPURLResponse else {
                box.result = .failure(IngestError(.unreadable, source: address, reason: "no HTTP response"))
                return
            }
            guard (200..<300).contains(http.statusCode) else {
                box.result = .failure(
                    IngestError(.unreadable, source: address, reason: "HTTP status \(http.statusCode)"))
                return
            }
            let body = [UInt8](data ?? Data())
            if body.count > maxBytes {
                box.result = .failure(
                    IngestError(.tooLarge, source: address, reason: "\(body.count) bytes is over the \(maxBytes)-byte limit"))
                return
            }
            let contentType = http.value(forHTTPHeaderField: "Content-Type")
            box.result = .success(Response(body: body, contentType: contentType, charset: charset(in: contentType)))
        }
        task.resume()
        done.wait()
        switch box.result {
        case .success(let response): return response
        case .failure(let error): throw error
        case nil: throw IngestError(.unreadable, source: address, reason: "the request did not complete")
        }
    }

    /// The `charset` parameter of a Content-Type header.
    static func charset(in contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "charset" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
        }
        return nil
    }
}
