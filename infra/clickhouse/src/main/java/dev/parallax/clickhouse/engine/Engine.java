package dev.parallax.clickhouse.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The ClickHouse engine (chDB) in this process, over one data directory, as a pool of connections.
 *
 * <p>Each connection runs one query at a time; several run concurrently against the same tables. chDB allows one
 * data directory per process and cannot be unloaded, so a process opens at most one engine and, once it has, must
 * leave through {@code _exit} (see {@code ClickHouseServerMain}).
 */
public final class Engine implements AutoCloseable {

    private final Path dataDir;
    private final List<EngineConnection> all;
    private final BlockingQueue<EngineConnection> idle;
    /** Never leased: it cancels queries of the others, which works even when every one of them is busy. */
    private final EngineConnection control;
    private volatile boolean closed;

    private Engine(Path dataDir, List<EngineConnection> connections, EngineConnection control) {
        this.dataDir = dataDir;
        this.all = List.copyOf(connections);
        this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
        this.control = control;
    }

    /**
     * Loads the library and opens {@code connections} connections on {@code dataDir}, plus one kept for
     * cancelling queries.
     *
     * @throws EngineException when chDB refuses the directory (typically: another process holds it)
     */
    public static Engine open(Path library, Path dataDir, int connections) throws EngineException {
        if (connections < 1) throw new IllegalArgumentException("an engine needs at least one connection");
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new EngineException(EngineException.UNCLASSIFIED, "cannot create data directory " + dir + ": " + e);
        }
        // Saved before the library is even loaded: its initialisers and chdb_connect both install handlers.
        NativeSignals jvmHandlers = NativeSignals.save(Arena.global());
        List<EngineConnection> opened = new ArrayList<>();
        try {
            ChdbLibrary chdb = ChdbLibrary.load(library);
            for (int i = 0; i <= connections; i++) {
                opened.add(connect(chdb, dir, jvmHandlers, i < connections ? "q" + i : "control"));
            }
        } catch (EngineException | RuntimeException e) {
            opened.forEach(EngineConnection::close);
            throw e;
        } finally {
            jvmHandlers.restore();
        }
        return new Engine(dir, opened.subList(0, connections), opened.get(connections));
    }

    private static EngineConnection connect(ChdbLibrary chdb, Path dir, NativeSignals jvmHandlers, String name)
            throws EngineException {
        MemorySegment holder;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment argv = arena.allocate(ValueLayout.ADDRESS, 2);
            argv.setAtIndex(ValueLayout.ADDRESS, 0, arena.allocateFrom("clickhouse"));
            argv.setAtIndex(ValueLayout.ADDRESS, 1, arena.allocateFrom("--path=" + dir));
            holder = chdb.connect(2, argv);
        } finally {
            jvmHandlers.restore();
        }
        // chDB gives no reason; in practice it is a second path in one process or another process's lock.
        if (holder.equals(MemorySegment.NULL)) {
            throw new EngineException(EngineException.UNCLASSIFIED, "chDB could not open " + dir
                    + " (is another process using this data directory?)");
        }
        return new EngineConnection(chdb, holder, name);
    }

    public Path dataDir() {
        return dataDir;
    }

    public int size() {
        return all.size();
    }

    /**
     * Borrows a connection, waiting up to {@code timeout} for one to be free.
     *
     * @throws EngineException (code 202, TOO_MANY_SIMULTANEOUS_QUERIES) when none frees up in time
     */
    public Lease lease(Duration timeout) throws EngineException, InterruptedException {
        if (closed) throw new IllegalStateException("engine is closed");
        EngineConnection connection = idle.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (connection == null) {
            throw new EngineException(202, "Code: 202. DB::Exception: Too many simultaneous queries: all "
                    + all.size() + " engine connections stayed busy for " + timeout.toMillis()
                    + " ms. (TOO_MANY_SIMULTANEOUS_QUERIES)");
        }
        return new Lease(connection);
    }

    /** Waits up to {@code timeout} for leased connections to come back, then closes every connection. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    public void close(Duration timeout) {
        if (closed) return;
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        List<EngineConnection> returned = new ArrayList<>();
        try {
            while (returned.size() < all.size()) {
                EngineConnection c = idle.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (c == null) break;
                returned.add(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A connection still leased is mid-query; closing it under the query would crash the process.
        returned.forEach(EngineConnection::close);
        if (returned.size() == all.size()) {
            synchronized (control) {
                control.close();
            }
        }
    }

    /**
     * Cancels the query {@code lease}'s connection is running, if any, as {@code KILL QUERY} would: the query fails
     * with QUERY_WAS_CANCELLED (394) at its next check, usually within milliseconds. Safe to call from any thread,
     * and harmless when the query has already finished.
     */
    public void cancel(Lease lease) {
        synchronized (lease) { // a released connection may run someone else's query already
            if (!lease.released) kill(lease.connection.runningMarker());
        }
    }

    private void kill(String marker) {
        if (marker == null || closed) return;
        // The marker ends the query's text; this statement's own text ends with its own marker, so it cannot match
        // itself.
        EngineQuery kill = EngineQuery.of("KILL QUERY WHERE endsWith(query, '" + marker + "') ASYNC FORMAT Null",
                "TabSeparated");
        synchronized (control) {
            try (QueryResult ignored = control.execute(kill)) {
                // ASYNC: the query stops on its own thread; its caller sees the error.
            } catch (EngineException e) {
                throw new IllegalStateException("cannot cancel a query: " + e.getMessage(), e);
            }
        }
    }

    /** A borrowed connection; closing the lease gives it back. */
    public final class Lease implements AutoCloseable {
        private final EngineConnection connection;
        private boolean released;

        private Lease(EngineConnection connection) {
            this.connection = connection;
        }

        public EngineConnection connection() {
            if (released) throw new IllegalStateException("lease already released");
            return connection;
        }

        @Override
        public synchronized void close() {
            if (released) return;
            released = true;
            idle.add(connection);
        }
    }
}
