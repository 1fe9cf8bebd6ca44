package dev.parallax.clickhouse.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.parallax.clickhouse.engine.Engine;
import dev.parallax.clickhouse.engine.EngineConnection;
import dev.parallax.clickhouse.engine.EngineException;
import dev.parallax.clickhouse.engine.EngineQuery;
import dev.parallax.clickhouse.engine.QueryResult;
import dev.parallax.clickhouse.engine.QueryStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * ClickHouse's HTTP query endpoint ({@code /}) over the engine: one statement per request, settings and database
 * per request, errors as a server sends them.
 *
 * <p>Requests never share a session: {@code session_id} is ignored, and a {@code SET} or {@code USE} a client
 * sends lasts for its own request only, as on a server without sessions.
 */
final class QueryHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(QueryHandler.class);
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_]+");

    private final Engine engine;
    private final Credentials credentials;
    private final InsertDataFiles insertFiles;
    private final ServerIdentity identity;
    private final Duration leaseTimeout;

    QueryHandler(Engine engine, Credentials credentials, InsertDataFiles insertFiles, ServerIdentity identity,
                 Duration leaseTimeout) {
        this.engine = engine;
        this.credentials = credentials;
        this.insertFiles = insertFiles;
        this.identity = identity;
        this.leaseTimeout = leaseTimeout;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ClickHouseRequest request = ClickHouseRequest.of(exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders());
            if (log.isDebugEnabled()) {
                log.debug("{} {} headers={}", exchange.getRequestMethod(), exchange.getRequestURI(),
                        exchange.getRequestHeaders().keySet());
            }
            try {
                if (!exchange.getRequestURI().getPath().equals("/")) {
                    throw ServerError.of(78, "UNKNOWN_TYPE_OF_QUERY",
                            "There is no handle " + exchange.getRequestURI().getPath());
                }
                if (request.query().isEmpty() && exchange.getRequestMethod().equals("GET")) {
                    sendText(exchange, 200, "Ok.\n"); // a server's health answer, like /ping
                    return;
                }
                authenticate(request);
                refuseCompression(request, exchange.getRequestHeaders());
                byte[] body = exchange.getRequestBody().readAllBytes();
                execute(exchange, request, requestText(request.query(), body));
            } catch (ServerError e) {
                sendError(exchange, request.queryId(), e);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("request failed: {}", e.toString(), e);
            throw e;
        }
    }

    private void authenticate(ClickHouseRequest request) throws ServerError {
        if (!credentials.accepts(request.user(), request.password())) {
            throw ServerError.of(ServerError.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED", request.user()
                    + ": Authentication failed: password is incorrect, or there is no user with such name");
        }
    }

    private static void refuseCompression(ClickHouseRequest request, Headers headers) throws ServerError {
        String encoding = headers.getFirst("Content-Encoding");
        if (request.compressed() || (encoding != null && !encoding.equalsIgnoreCase("identity"))) {
            throw ServerError.of(ServerError.NOT_IMPLEMENTED, "NOT_IMPLEMENTED",
                    "The embedded ClickHouse does not implement compressed HTTP bodies (compress/decompress=1 or"
                            + " Content-Encoding); with the JDBC driver, put compress=false in the JDBC URL");
        }
    }

    /** A server reads the {@code query} parameter, a line break, then the body, as one text. */
    private static byte[] requestText(String query, byte[] body) {
        if (query.isEmpty()) return body;
        byte[] head = (query + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] text = new byte[head.length + body.length];
        System.arraycopy(head, 0, text, 0, head.length);
        System.arraycopy(body, 0, text, head.length, body.length);
        return text;
    }

    private void execute(HttpExchange exchange, ClickHouseRequest request, byte[] text)
            throws ServerError, IOException {
        SqlStatement statement = SqlStatement.parse(text);
        Path dataFile = null;
        try {
            String sql = statement.sql();
            if (statement.insert() != null) {
                dataFile = insertFiles.write(text, statement.insert().dataOffset());
                sql = fromFile(statement.insert(), dataFile);
                log.debug("query {}: {} data bytes for {}", request.queryId(),
                        text.length - statement.insert().dataOffset(), sql);
            }
            String format = statement.outputFormat() != null ? statement.outputFormat() : request.format();
            EngineQuery query = new EngineQuery(request.database(), request.settings(), sql, format,
                    request.parameters());
            try (Engine.Lease lease = engine.lease(leaseTimeout)) {
                run(exchange, request, statement, query, lease.connection());
            }
        } catch (EngineException e) {
            throw ServerError.from(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServerError.of(394, "QUERY_WAS_CANCELLED", "Query was cancelled: the server is shutting down");
        } finally {
            if (dataFile != null) Files.deleteIfExists(dataFile);
        }
    }

    private void run(HttpExchange exchange, ClickHouseRequest request, SqlStatement statement, EngineQuery query,
                     EngineConnection connection) throws EngineException, IOException {
        try (QueryResult result = connection.execute(query)) {
            Headers headers = exchange.getResponseHeaders();
            identity.addTo(headers, request.queryId());
            headers.set("Content-Type", ResponseFormat.contentType(query.format()));
            headers.set("X-ClickHouse-Format", query.format());
            headers.set("X-ClickHouse-Summary", summary(result.statistics(), result.length()));
            exchange.sendResponseHeaders(200, result.length() == 0 ? -1 : result.length());
            if (result.length() > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    result.writeTo(out);
                }
            }
        } finally {
            switch (statement.keyword()) {
                case "SET" -> connection.forgetSession(statement.assignedSettings(), false);
                case "USE" -> connection.forgetSession(List.of(), true);
                default -> { }
            }
        }
    }

    /** {@code INSERT INTO t [(cols)] FROM INFILE 'file' [SETTINGS ...] FORMAT f}, the order ClickHouse requires. */
    private static String fromFile(SqlStatement.InlineInsert insert, Path dataFile) {
        String path = dataFile.toAbsolutePath().toString().replace("\\", "\\\\").replace("'", "\\'");
        String format = PLAIN_NAME.matcher(insert.format()).matches()
                ? insert.format() : "`" + insert.format().replace("`", "\\`") + "`";
        return insert.target() + " FROM INFILE '" + path + "'"
                + (insert.settings().isEmpty() ? "" : " " + insert.settings()) + " FORMAT " + format;
    }

    /**
     * X-ClickHouse-Summary. The engine does not count result rows; a server streaming its result sends this header
     * before the rows too, so clients cannot rely on result_rows there either.
     */
    private static String summary(QueryStatistics s, long resultBytes) {
        return "{\"read_rows\":\"" + s.rowsRead() + "\",\"read_bytes\":\"" + s.bytesRead()
                + "\",\"written_rows\":\"" + s.rowsWritten() + "\",\"written_bytes\":\"" + s.bytesWritten()
                + "\",\"total_rows_to_read\":\"" + s.rowsRead() + "\",\"result_rows\":\"0\",\"result_bytes\":\""
                + resultBytes + "\",\"elapsed_ns\":\"" + s.elapsedNanos() + "\"}";
    }

    private void sendError(HttpExchange exchange, String queryId, ServerError error) throws IOException {
        log.debug("query {} failed: {}", queryId, error.getMessage());
        Headers headers = exchange.getResponseHeaders();
        identity.addTo(headers, queryId);
        headers.set("X-ClickHouse-Exception-Code", Integer.toString(error.code()));
        sendText(exchange, error.httpStatus(), error.getMessage() + "\n");
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
