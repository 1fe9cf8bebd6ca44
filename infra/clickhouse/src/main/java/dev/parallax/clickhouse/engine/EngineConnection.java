package dev.parallax.clickhouse.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One chDB connection. It runs one query at a time and, unlike a server's HTTP requests, keeps session state:
 * {@code SET} and {@code USE} persist. So the connection remembers which database and settings it is in and,
 * before each query, changes only what differs from what the query asks for.
 *
 * <p>Not thread-safe: a connection belongs to one request at a time (see {@link Engine#lease}).
 */
public final class EngineConnection {

    /**
     * Settings every request starts from. chDB defaults {@code async_insert} to 1 (buffered, acknowledged before
     * it is durable); a server defaults it to 0 and the exactly-once contract relies on that.
     */
    static final Map<String, String> BASELINE = Map.of("async_insert", "0");

    private static final String UNKNOWN = "\0unknown";
    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final int UNKNOWN_SETTING = 115;

    /** What {@link #scrub} runs after a failed query, and the exact output it must give on a clean connection. */
    private static final String SCRUB_SQL = "SELECT 'parallax-scrub'";
    private static final String SCRUB_OUTPUT = "parallax-scrub\n";

    private final ChdbLibrary library;
    private final MemorySegment holder;
    private final MemorySegment connection;
    private final String name;
    private long sequence;
    /** The marker ending the text of the query running now, or null; read by other threads to cancel it. */
    private volatile String running;
    /** A failed query may have left output behind that the next query would return (see {@link #scrub}). */
    private boolean dirty;
    /** Current database, or null after something changed it behind our back. */
    private String database;
    /** Settings this connection holds at a non-default value ({@link #UNKNOWN} when a failure left it unsure). */
    private final Map<String, String> applied = new HashMap<>();
    private boolean closed;

    EngineConnection(ChdbLibrary library, MemorySegment holder, String name) throws EngineException {
        this.library = library;
        this.holder = holder;
        this.name = name;
        this.connection = holder.reinterpret(ValueLayout.ADDRESS.byteSize()).get(ValueLayout.ADDRESS, 0);
        this.database = null;
        applySettings(BASELINE);
    }

    /** Runs {@code query} in the session it asks for. The caller must close the result. */
    public QueryResult execute(EngineQuery query) throws EngineException {
        useDatabase(query.database());
        Map<String, String> wanted = new HashMap<>(BASELINE);
        wanted.putAll(query.settings());
        applySettings(wanted);
        return run(query.sql(), query.format(), query.parameters());
    }

    /**
     * Records that a statement the client ran itself (SET, USE) changed session state, so it is put back before
     * the next query: a server forgets such changes at the end of the request.
     */
    public void forgetSession(Collection<String> changedSettings, boolean changedDatabase) {
        for (String name : changedSettings) applied.put(name, UNKNOWN);
        if (changedDatabase) database = null;
    }

    private void useDatabase(String wanted) throws EngineException {
        if (wanted.equals(database)) return;
        database = null;
        runAndClose("USE " + quoteIdentifier(wanted));
        database = wanted;
    }

    private void applySettings(Map<String, String> wanted) throws EngineException {
        Set<String> names = new HashSet<>(applied.keySet());
        names.addAll(wanted.keySet());
        Map<String, String> assignments = new LinkedHashMap<>();
        for (String name : names) {
            String target = wanted.get(name);
            if (target == null ? !applied.containsKey(name) : target.equals(applied.get(name))) continue;
            if (!SETTING_NAME.matcher(name).matches()) {
                throw new EngineException(UNKNOWN_SETTING,
                        "Code: 115. DB::Exception: Unknown setting '" + name + "'. (UNKNOWN_SETTING)");
            }
            assignments.put(name, target == null ? "DEFAULT" : literal(target));
        }
        if (assignments.isEmpty()) return;
        // Should the SET fail part-way, these settings are in an unknown state and are set again next time.
        for (String name : assignments.keySet()) applied.put(name, UNKNOWN);
        List<String> clauses = new ArrayList<>();
        assignments.forEach((name, value) -> clauses.add(name + " = " + value));
        runAndClose("SET " + String.join(", ", clauses));
        applied.clear();
        applied.putAll(wanted);
    }

    private void runAndClose(String sql) throws EngineException {
        run(sql, "TabSeparated", Map.of()).close();
    }

    /**
     * The marker of the query running now: a comment that ends its text, by which {@link Engine#cancel} finds it
     * in {@code system.processes}. Null when the connection is idle.
     */
    String runningMarker() {
        return running;
    }

    /**
     * Runs one statement. Its text ends with a marker comment (after a line break, so that it cannot extend an
     * open line comment; whatever the text left open stays open) so that another connection can cancel it.
     */
    private QueryResult run(String sql, String format, Map<String, String> parameters) throws EngineException {
        if (closed) throw new IllegalStateException("engine connection is closed");
        if (dirty) scrub();
        String marker = "/* parallax-front " + name + "." + (++sequence) + " */";
        running = marker;
        MemorySegment result;
        try (Arena arena = Arena.ofConfined()) {
            byte[] sqlBytes = (sql + "\n" + marker).getBytes(StandardCharsets.UTF_8);
            byte[] formatBytes = format.getBytes(StandardCharsets.UTF_8);
            MemorySegment sqlSegment = arena.allocateFrom(ValueLayout.JAVA_BYTE, sqlBytes);
            MemorySegment formatSegment = arena.allocateFrom(ValueLayout.JAVA_BYTE, formatBytes);
            if (parameters.isEmpty()) {
                result = library.query(connection, sqlSegment, sqlBytes.length, formatSegment, formatBytes.length);
            } else {
                NativeParameters p = NativeParameters.of(arena, parameters);
                result = library.queryWithParams(connection, sqlSegment, sqlBytes.length, formatSegment,
                        formatBytes.length, p.names(), p.nameLengths(), p.values(), p.valueLengths(), p.count());
            }
        } finally {
            running = null;
        }
        if (result.equals(MemorySegment.NULL)) {
            throw new EngineException(EngineException.UNCLASSIFIED, "chDB returned no result for the query");
        }
        MemorySegment error = library.resultError(result);
        if (!error.equals(MemorySegment.NULL)) {
            String message = error.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
            library.destroyResult(result);
            dirty = true;
            try {
                scrub();
            } catch (EngineException e) {
                // Stays dirty: the next query scrubs again first. This one reports its own error.
            }
            throw EngineException.fromEngineMessage(message);
        }
        return new QueryResult(library, result);
    }

    /**
     * chDB hands the output a failed (or cancelled) query produced before it failed to the next query on the same
     * connection, in front of that query's own output: another client would read it. So after a failure, a query
     * with a known answer runs until it gets exactly that answer.
     */
    private void scrub() throws EngineException {
        dirty = true;
        for (int attempt = 0; attempt < 3; attempt++) {
            MemorySegment result;
            try (Arena arena = Arena.ofConfined()) {
                byte[] sqlBytes = SCRUB_SQL.getBytes(StandardCharsets.UTF_8);
                byte[] formatBytes = "TabSeparated".getBytes(StandardCharsets.UTF_8);
                result = library.query(connection, arena.allocateFrom(ValueLayout.JAVA_BYTE, sqlBytes), sqlBytes.length,
                        arena.allocateFrom(ValueLayout.JAVA_BYTE, formatBytes), formatBytes.length);
            }
            if (result.equals(MemorySegment.NULL)) continue;
            try (QueryResult output = new QueryResult(library, result)) {
                boolean failed = !library.resultError(result).equals(MemorySegment.NULL);
                if (!failed && new String(output.toByteArray(), StandardCharsets.UTF_8).equals(SCRUB_OUTPUT)) {
                    dirty = false;
                    return;
                }
            }
        }
        throw new EngineException(EngineException.UNCLASSIFIED,
                "chDB connection " + name + " keeps returning output of an earlier query");
    }

    void close() {
        if (closed) return;
        closed = true;
        library.closeConnection(holder);
    }

    static String quoteIdentifier(String name) {
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    private static String literal(String value) {
        if (PLAIN_NUMBER.matcher(value).matches()) return value;
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** {@code {name:Type}} values laid out as the C arrays chdb_query_with_params_n takes. */
    private record NativeParameters(MemorySegment names, MemorySegment nameLengths, MemorySegment values,
                                    MemorySegment valueLengths, long count) {

        static NativeParameters of(Arena arena, Map<String, String> parameters) {
            int n = parameters.size();
            MemorySegment names = arena.allocate(ValueLayout.ADDRESS, n);
            MemorySegment nameLengths = arena.allocate(ValueLayout.JAVA_LONG, n);
            MemorySegment values = arena.allocate(ValueLayout.ADDRESS, n);
            MemorySegment valueLengths = arena.allocate(ValueLayout.JAVA_LONG, n);
            int i = 0;
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                byte[] name = parameter.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] value = parameter.getValue().getBytes(StandardCharsets.UTF_8);
                names.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(ValueLayout.JAVA_BYTE, name));
                nameLengths.setAtIndex(ValueLayout.JAVA_LONG, i, name.length);
                values.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(ValueLayout.JAVA_BYTE, value));
                valueLengths.setAtIndex(ValueLayout.JAVA_LONG, i, value.length);
                i++;
            }
            return new NativeParameters(names, nameLengths, values, valueLengths, n);
        }
    }
}
