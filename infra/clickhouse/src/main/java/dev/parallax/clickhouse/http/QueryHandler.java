package dev.parallax.clickhouse.http;

import com.sun.net.httpserver.Headers;
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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * ClickHouse's HTTP query endpoint ({@code /}) over the engine: one statement per request, settings and database
 * per request, errors as a server sends them.
 *
 * <p>Requests never share a session: {@code session_id} is ignored, a {@code SET} a client sends is checked by
 * the engine as query-level settings and then has no effect (as on a server without sessions), and URL settings
 * are put back on the pooled engine connection before its next query. {@link StatementPolicy} refuses what reaches
 * outside the engine; {@link FrontLimits} bounds the request's size and its statement's running time.
 */
final class QueryHandler {

    private static final Logger log = LoggerFactory.getLogger(QueryHandler.class);
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_]+");
    /** How much longer than max_execution_time a statement may run before the front cancels it itself. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(2);

    private final Engine engine;
    private final FrontUsers users;
    private final InsertDataFiles insertFiles;
    private final ServerIdentity identity;
    private final Duration leaseTimeout;
    private final FrontLimits limits;
    private final StatementPolicy policy;
    private final Deadlines deadlines;
    /** Where engine calls run (see {@link #onEngineThread}); no more at once than engine connections are leased. */
    private final ExecutorService engineThreads = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("clickhouse-engine-", 1).daemon().factory());

    QueryHandler(Engine engine, FrontUsers users, InsertDataFiles insertFiles, ServerIdentity identity,
                 Duration leaseTimeout, FrontLimits limits, StatementPolicy policy, Deadlines deadlines) {
        this.engine = engine;
        this.users = users;
        this.insertFiles = insertFiles;
        this.identity = identity;
        this.leaseTimeout = leaseTimeout;
        this.limits = limits;
        this.policy = policy;
        this.deadlines = deadlines;
    }

    void handle(FrontExchange exchange) throws IOException {
        ClickHouseRequest request = ClickHouseRequest.of(exchange.rawQuery(), exchange.requestHeaders());
        if (log.isDebugEnabled()) {
            log.debug("{} {} headers={}", exchange.method(), exchange.path(), exchange.requestHeaders().keySet());
        }
        try {
            if (exchange.path().equals("/ping")) {
                exchange.responseHeaders().set("Content-Type", "text/html; charset=UTF-8");
                try (OutputStream out = exchange.sendResponseHeaders(200, 4)) {
                    out.write("Ok.\n".getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            if (!exchange.path().equals("/")) {
                throw ServerError.of(78, "UNKNOWN_TYPE_OF_QUERY", "There is no handle " + exchange.path());
            }
            if (request.query().isEmpty() && exchange.method().equals("GET")) {
                exchange.sendText(200, "Ok.\n"); // a server's health answer, like /ping
                return;
            }
            FrontUsers.User user = authenticate(request);
            refuseCompression(request, exchange.requestHeaders());
            policy.checkSettings(request.settings(), request.user());
            execute(exchange, request, user);
        } catch (ServerError e) {
            sendError(exchange, request.queryId(), e);
        } catch (RuntimeException e) {
            log.warn("query {} failed: {}", request.queryId(), e.toString(), e);
            if (exchange.responseStarted()) throw e;
            exchange.closeAfterResponse();
            sendError(exchange, request.queryId(), ServerError.of(1001, "STD_EXCEPTION", e.toString()));
        }
    }

    private FrontUsers.User authenticate(ClickHouseRequest request) throws ServerError {
        return users.authenticate(request.user(), request.password()).orElseThrow(() -> ServerError.of(
                ServerError.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED", request.user()
                        + ": Authentication failed: password is incorrect, or there is no user with such name"));
    }

    private static void refuseCompression(ClickHouseRequest request, Headers headers) throws ServerError {
        String encoding = headers.getFirst("Content-Encoding");
        if (request.compressed() || (encoding != null && !encoding.equalsIgnoreCase("identity"))) {
            throw ServerError.of(ServerError.NOT_IMPLEMENTED, "NOT_IMPLEMENTED",
                    "The embedded ClickHouse does not implement compressed HTTP bodies (compress/decompress=1 or"
                            + " Content-Encoding); with the JDBC driver, put compress=false in the JDBC URL");
        }
    }

    private void execute(FrontExchange exchange, ClickHouseRequest request, FrontUsers.User user)
            throws ServerError, IOException {
        RequestText text = RequestText.read(request.query(), exchange.requestBody(), limits.maxQueryBytes());
        SqlStatement statement = SqlStatement.parse(text.bytes(), Math.min(text.length(), limits.maxQueryBytes()));
        boolean streamsData = statement.insert() != null && statement.insert().dataOffset() < limits.maxQueryBytes();
        if (!text.complete() && !streamsData) {
            exchange.closeAfterResponse(); // the rest is not worth reading beyond what the client still sends
            throw RequestText.tooLarge(limits.maxQueryBytes());
        }
        policy.check(statement, request.user());
        user.grants().check(StatementAccess.of(statement, request.database()), user.name());
        String readonly = request.settings().get("readonly");
        if (!StatementPolicy.readOnly(statement, readonly)) {
            throw ServerError.of(ServerError.READONLY, "READONLY", request.user()
                    + ": Cannot execute query in readonly mode (readonly=" + readonly + ")");
        }
        Path dataFile = null;
        try {
            String sql = statement.sql();
            if (statement.insert() != null) {
                dataFile = insertFiles.write(text.bytes(), statement.insert().dataOffset(), text.length(), text.rest(),
                        limits.maxInsertBytes());
                sql = fromFile(statement.insert(), dataFile);
            } else if (statement.keyword().equals("SET")) {
                // Checked as query-level settings and then forgotten: a SET lasts for its own request only.
                sql = "SELECT 1 FORMAT Null SETTINGS" + sql.substring("SET".length());
            }
            String format = statement.outputFormat() != null ? statement.outputFormat() : request.format();
            EngineQuery query = new EngineQuery(request.database(), engineSettings(request.settings()), sql, format,
                    request.parameters());
            QueryResult result = run(exchange, statement, query);
            try (result) {
                respond(exchange, request, query, result);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServerError.of(394, "QUERY_WAS_CANCELLED", "Query was cancelled: the server is shutting down");
        } finally {
            if (dataFile != null) Files.deleteIfExists(dataFile);
        }
    }

    /**
     * Runs the statement on a leased engine connection and gives the connection back before the answer is written,
     * so that a client slow to read holds no engine connection. The statement is cancelled when it outlives
     * max_execution_time (say, it set its own) or when its client goes away.
     */
    private QueryResult run(FrontExchange exchange, SqlStatement statement, EngineQuery query)
            throws ServerError, InterruptedException {
        try (Engine.Lease lease = engine.lease(leaseTimeout)) {
            Cancellation cancellation = new Cancellation(engine, lease);
            try (Deadlines.Deadline ignored = deadlines.after(limits.maxExecutionTime().plus(CANCEL_GRACE),
                    cancellation::timeUp);
                 FrontExchange.ClientWatch ignoredToo = exchange.watchClient(cancellation::clientGone)) {
                EngineConnection connection = lease.connection();
                try {
                    return onEngineThread(() -> connection.execute(query));
                } finally {
                    if (statement.keyword().equals("USE")) connection.forgetSession(List.of(), true);
                }
            } catch (EngineException e) {
                if (cancellation.timedOut()) {
                    throw ServerError.of(ServerError.TIMEOUT_EXCEEDED, "TIMEOUT_EXCEEDED", "Timeout exceeded: "
                            + "the query ran longer than " + limits.maxExecutionTime().toSeconds()
                            + " s (the embedded front's max execution time) and was cancelled");
                }
                throw ServerError.from(e);
            }
        } catch (EngineException e) {
            throw ServerError.from(e); // no connection free in time
        }
    }

    /**
     * Runs an engine call on a platform thread and waits for it. A call into chDB pins the thread making it to its
     * carrier for as long as the statement runs; on a virtual thread, two long statements on a two-core machine
     * would stop every connection. The wait is not interruptible: the connection must not be given back while the
     * engine still runs on it.
     */
    private QueryResult onEngineThread(Callable<QueryResult> call) throws EngineException {
        Future<QueryResult> future = engineThreads.submit(call);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    switch (e.getCause()) {
                        case EngineException refused -> throw refused;
                        case RuntimeException failed -> throw failed;
                        case Error error -> throw error;
                        case null, default -> throw new IllegalStateException(e);
                    }
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /**
     * URL settings for the engine: {@code readonly} is enforced by the front, and max_execution_time is at most
     * the front's limit (0, "unlimited", is the limit).
     */
    private Map<String, String> engineSettings(Map<String, String> requested) throws ServerError {
        Map<String, String> settings = new HashMap<>(requested);
        settings.remove("readonly");
        BigDecimal max = BigDecimal.valueOf(limits.maxExecutionTime().toMillis(), 3);
        String asked = settings.get("max_execution_time");
        BigDecimal seconds = max;
        if (asked != null) {
            try {
                BigDecimal value = new BigDecimal(asked.strip());
                if (value.signum() > 0 && value.compareTo(max) < 0) seconds = value;
            } catch (NumberFormatException e) {
                throw ServerError.of(72, "CANNOT_PARSE_NUMBER", "Cannot parse max_execution_time: " + asked);
            }
        }
        settings.put("max_execution_time", seconds.stripTrailingZeros().toPlainString());
        return settings;
    }

    private void respond(FrontExchange exchange, ClickHouseRequest request, EngineQuery query, QueryResult result)
            throws IOException {
        Headers headers = exchange.responseHeaders();
        identity.addTo(headers, request.queryId());
        headers.set("Content-Type", ResponseFormat.contentType(query.format()));
        headers.set("X-ClickHouse-Format", query.format());
        headers.set("X-ClickHouse-Summary", summary(result.statistics(), result.length()));
        try (OutputStream out = exchange.sendResponseHeaders(200, result.length())) {
            if (result.length() > 0) result.writeTo(out);
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

    private void sendError(FrontExchange exchange, String queryId, ServerError error) throws IOException {
        log.debug("query {} failed: {}", queryId, error.getMessage());
        Headers headers = exchange.responseHeaders();
        identity.addTo(headers, queryId);
        headers.set("X-ClickHouse-Exception-Code", Integer.toString(error.code()));
        exchange.sendText(error.httpStatus(), error.getMessage() + "\n");
    }
}
