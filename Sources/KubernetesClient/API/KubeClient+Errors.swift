import Foundation
import KubernetesCore

extension KubeClient {
    /// Maps a non-2xx answer to an error, decoding the server's `Status` body when it sent one and
    /// synthesising one from the HTTP status otherwise (e.g. `404 page not found` from an unknown path).
    static func apiError(status httpStatus: Int, headers: [String: String], body: [UInt8], request: String) -> KubernetesError {
        let retryAfter = headers["retry-after"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        var status = try? JSONDecoder().decode(Status.self, from: Data(body))
        if status?.kind != "Status" { status = nil }
        let decoded = status ?? Status(
            status: "Failure",
            message: body.isEmpty ? "HTTP \(httpStatus)" : String(decoding: body.prefix(512), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines),
            reason: reasonForHTTPStatus(httpStatus), code: httpStatus)
        return KubernetesError(
            code: .api, message: decoded.message ?? "HTTP \(httpStatus)", status: decoded, httpStatus: httpStatus,
            retryAfterSeconds: retryAfter ?? decoded.details?.retryAfterSeconds, request: request)
    }

    /// The reason apimachinery assigns to a bare HTTP status (`errors.NewGenericServerResponse`).
    static func reasonForHTTPStatus(_ code: Int) -> String {
        switch code {
        case 400: return "BadRequest"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 405: return "MethodNotAllowed"
        case 406: return "NotAcceptable"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 415: return "UnsupportedMediaType"
        case 422: return "Invalid"
        case 429: return "TooManyRequests"
        case 500: return "InternalError"
        case 503: return "ServiceUnavailable"
        case 504: return "Timeout"
        default: return "Unknown"
        }
    }

    static func transportError(_ error: any Error, request: String) -> KubernetesError {
        if let error = error as? KubernetesError { return error }
        if error is CancellationError {
            return KubernetesError(code: .cancelled, message: "cancelled", request: request, underlying: error)
        }
        let text = String(describing: error)
        let code: KubernetesError.Code = text.contains("deadlineExceeded") || text.contains("Timeout") ? .timeout : .transport
        return KubernetesError(code: code, message: "no answer from the API server: \(text)", request: request, underlying: error)
    }

    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8], request: String) throws(KubernetesError) -> T {
        do {
            return try KubernetesJSONDecoder().decode(T.self, from: body)
        } catch {
            throw KubernetesError(
                code: .decoding, message: "cannot decode the answer as \(T.self): \(describeDecodingError(error))",
                request: request, underlying: error)
        }
    }

    static func encode<T: Encodable>(_ value: T) throws(KubernetesError) -> [UInt8] {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Array(try encoder.encode(value))
        } catch {
            throw KubernetesError(code: .encoding, message: "cannot encode \(T.self): \(error)", underlying: error)
        }
    }

    static func describeDecodingError(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? context.debugDescription : "at \(path): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
