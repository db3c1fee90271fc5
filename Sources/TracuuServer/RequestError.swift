import HTTPTypes
import TracuuCore
import TracuuEngine
import TracuuQuery
import TracuuStore

/// Why a request got no answer: what the API writes as
/// `{"error": …, "status": …}` and the page shows in Vietnamese.
struct RequestError: Error, Sendable {
    enum Kind: Sendable {
        case badQuery(column: Int)
        case badParameter(name: String)
        case queryTooLong(limit: Int)
        /// `from` after `to`.
        case invertedDates
        case notFound
        case timeout
        /// Too many searches waiting for a core.
        case busy
        case unavailable
        /// Refused by the HTTP layer (a method no route takes, a malformed request).
        case http(HTTPResponse.Status)
    }

    var kind: Kind
    /// English, for programs and logs.
    var message: String

    var status: HTTPResponse.Status {
        switch kind {
        case .badQuery, .badParameter, .queryTooLong, .invertedDates: .badRequest
        case .notFound: .notFound
        case .timeout, .busy, .unavailable: .serviceUnavailable
        case .http(let status): status
        }
    }

    var json: JSON {
        var pairs: [(String, JSON)] = [("error", .string(message)), ("status", .int(status.code))]
        if case .badQuery(let column) = kind { pairs.append(("column", .int(column))) }
        if case .badParameter(let name) = kind { pairs.append(("parameter", .string(name))) }
        return .object(pairs)
    }

    /// The reason as the page tells it to a reader.
    var vietnamese: String {
        switch kind {
        case .badQuery(let column): "Câu tìm kiếm có lỗi ở ký tự thứ \(column): \(message)."
        case .badParameter(let name) where name == "from": "Ngày bắt đầu không hợp lệ (dạng năm-tháng-ngày, ví dụ 2017-06-30)."
        case .badParameter(let name) where name == "to": "Ngày kết thúc không hợp lệ (dạng năm-tháng-ngày, ví dụ 2017-06-30)."
        case .badParameter: "Tham số không hợp lệ: \(message)."
        case .invertedDates: "Ngày bắt đầu ở sau ngày kết thúc."
        case .queryTooLong(let limit): "Câu tìm kiếm quá dài (tối đa \(limit) ký tự)."
        case .notFound: "Không tìm thấy trang hoặc bài viết này."
        case .timeout: "Tìm kiếm mất quá nhiều thời gian nên đã dừng. Hãy thu hẹp từ khóa hoặc khoảng ngày."
        case .busy: "Máy chủ đang quá tải. Vui lòng thử lại sau giây lát."
        case .unavailable: "Chỉ mục chưa sẵn sàng: \(message)"
        case .http(let status): "Yêu cầu không hợp lệ (\(status.code) \(status.reasonPhrase))."
        }
    }

    /// Maps what the engine throws to what a client is told. Anything
    /// unexpected while opening or reading the index (damage, an index
    /// built by other rules) means the index cannot serve: 503, reason kept.
    static func from(_ error: any Error) -> RequestError {
        switch error {
        case let error as RequestError:
            return error
        case let error as QuerySyntaxError:
            return RequestError(kind: .badQuery(column: error.column), message: error.message)
        case let error as SearchTimeout:
            return RequestError(kind: .timeout, message: error.description)
        case let error as EngineError where error.code == .notFound:
            return RequestError(kind: .notFound, message: error.message)
        default:
            return RequestError(kind: .unavailable, message: String(describing: error))
        }
    }
}
