import Reporters

/// A JSON-RPC request id: a number or a string.
public enum RequestID: Hashable, Sendable {
    case number(Int)
    case string(String)

    init?(_ value: JSONValue) {
        switch value {
        case .int(let number): self = .number(number)
        case .string(let text): self = .string(text)
        default: return nil
        }
    }

    var json: JSONValue {
        switch self {
        case .number(let number): .int(number)
        case .string(let text): .string(text)
        }
    }
}

/// The error codes of JSON-RPC 2.0 and the Language Server Protocol that oasguard answers with.
public enum RPCErrorCode: Int, Sendable {
    case parseError = -32700
    case invalidRequest = -32600
    case methodNotFound = -32601
    case invalidParams = -32602
    case serverNotInitialized = -32002
}

/// A failed request: code and message, as sent in a response's `error`.
public struct RPCError: Error, Sendable, Equatable {
    public let code: RPCErrorCode
    public let message: String

    public init(_ code: RPCErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// One message received from the client, classified.
public enum IncomingMessage: Sendable {
    case request(id: RequestID, method: String, params: JSONValue)
    case notification(method: String, params: JSONValue)
    /// A response to a request of ours (oasguard sends none, so these are ignored).
    case response
    /// Not a JSON-RPC message; `id` is set when the request's id could be read, so the error can be answered.
    case invalid(id: RequestID?, RPCError)

    /// Classifies a message body.
    public init(body: [UInt8]) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: body)
        } catch {
            self = .invalid(id: nil, RPCError(.parseError, "the message is not JSON: \(error.message)"))
            return
        }
        guard case .object = value else {
            self = .invalid(id: nil, RPCError(.invalidRequest, "a message must be a JSON object"))
            return
        }
        let id = value["id"].flatMap(RequestID.init)
        guard value["jsonrpc"]?.string == "2.0" else {
            self = .invalid(id: id, RPCError(.invalidRequest, "the message lacks \"jsonrpc\": \"2.0\""))
            return
        }
        guard let methodValue = value["method"] else {
            self =
                value["result"] != nil || value["error"] != nil
                ? .response : .invalid(id: id, RPCError(.invalidRequest, "the message has no method"))
            return
        }
        guard let method = methodValue.string else {
            self = .invalid(id: id, RPCError(.invalidRequest, "the method must be a string"))
            return
        }
        let params = value["params"] ?? .null
        if let idValue = value["id"], idValue != .null {
            guard let id else {
                self = .invalid(id: nil, RPCError(.invalidRequest, "a request id must be a number or a string"))
                return
            }
            self = .request(id: id, method: method, params: params)
        } else {
            self = .notification(method: method, params: params)
        }
    }
}

/// The messages the server sends.
enum OutgoingMessage {
    static func result(_ id: RequestID?, _ result: JSONValue) -> JSONValue {
        .object([("jsonrpc", .string("2.0")), ("id", id?.json ?? .null), ("result", result)])
    }

    static func error(_ id: RequestID?, _ error: RPCError) -> JSONValue {
        .object([
            ("jsonrpc", .string("2.0")), ("id", id?.json ?? .null),
            ("error", .object([("code", .int(error.code.rawValue)), ("message", .string(error.message))])),
        ])
    }

    static func notification(_ method: String, _ params: JSONValue) -> JSONValue {
        .object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)])
    }
}

extension JSONValue {
    /// Parses JSON text (see `JSONReader` for its bounds).
    init(parsing bytes: [UInt8]) throws(JSONSyntaxError) { self = try JSONReader.read(bytes) }

    /// A member of an object.
    subscript(key: String) -> JSONValue? { members.first { $0.0 == key }?.1 }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var int: Int? {
        if case .int(let number) = self { return number }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The bytes sent on the wire.
    var bytes: [UInt8] { Array(serialized(pretty: false).utf8) }
}
