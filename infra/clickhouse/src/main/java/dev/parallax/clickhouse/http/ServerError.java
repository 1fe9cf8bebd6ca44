package dev.parallax.clickhouse.http;

import dev.parallax.clickhouse.engine.EngineException;

import java.util.Set;

/**
 * An error answered the way a ClickHouse server answers it: the message text, its code in
 * {@code X-ClickHouse-Exception-Code}, and the HTTP status the server maps that code to
 * (ClickHouse's {@code exceptionCodeToHTTPStatus}).
 */
final class ServerError extends Exception {

    static final int SYNTAX_ERROR = 62;
    static final int NOT_IMPLEMENTED = 48;
    static final int AUTHENTICATION_FAILED = 516;
    static final int REQUIRED_PASSWORD = 194;
    static final int UNKNOWN_USER = 192;
    static final int WRONG_PASSWORD = 193;
    static final int EMPTY_QUERY = 211;
    static final int QUERY_IS_TOO_LARGE = 229;
    static final int TIMEOUT_EXCEEDED = 159;
    static final int READONLY = 164;

    // ClickHouse's exceptionCodeToHTTPStatus, by code number (src/Common/ErrorCodes.cpp).
    private static final Set<Integer> BAD_REQUEST = Set.of(
            36, 427, 6, 25, 26, 38, 41, 72, 441, 27, 376, 15, 44, 37, 123, 8, 167, 168, 223, SYNTAX_ERROR,
            117, 53, 321);
    private static final Set<Integer> NOT_FOUND = Set.of(60, 46, 47, 50, 56, 81, 115, 152, 63, 73, 336, 78, 511);
    /** A server answers 403 for some of these; 401 is what an HTTP client expects for bad credentials. */
    private static final Set<Integer> UNAUTHORIZED = Set.of(REQUIRED_PASSWORD, AUTHENTICATION_FAILED, UNKNOWN_USER,
            WRONG_PASSWORD);

    private final int code;

    private ServerError(int code, String message) {
        super(message);
        this.code = code;
    }

    /** A message in the server's form: {@code Code: 62. DB::Exception: <text>. (SYNTAX_ERROR)}. */
    static ServerError of(int code, String name, String text) {
        return new ServerError(code, "Code: " + code + ". DB::Exception: " + text + ". (" + name + ")");
    }

    static ServerError from(EngineException e) {
        return new ServerError(e.code(), e.getMessage());
    }

    int code() {
        return code;
    }

    int httpStatus() {
        if (UNAUTHORIZED.contains(code)) return 401;
        if (code == 497 || code == READONLY) return 403; // ACCESS_DENIED, READONLY
        if (BAD_REQUEST.contains(code)) return 400;
        if (NOT_FOUND.contains(code)) return 404;
        return switch (code) {
            case 159 -> 408;        // TIMEOUT_EXCEEDED
            case 381 -> 411;        // HTTP_LENGTH_REQUIRED
            case 209, 76, 439 -> 503; // SOCKET_TIMEOUT, CANNOT_OPEN_FILE, CANNOT_SCHEDULE_TASK
            case 229 -> 413;        // QUERY_IS_TOO_LARGE
            case NOT_IMPLEMENTED -> 501;
            default -> 500;
        };
    }
}
