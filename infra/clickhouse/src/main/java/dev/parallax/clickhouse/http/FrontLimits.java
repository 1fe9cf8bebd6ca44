package dev.parallax.clickhouse.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What the front allows one client and one request, so that idle, slow or oversized clients cannot take the
 * engine from the others (issue 13). A request holds an engine connection only while its statement runs: reading
 * it and writing its answer happen on the client's own (virtual) thread, under these deadlines.
 *
 * @param headerTimeout            the request line and headers must arrive within this, from their first byte
 * @param bodyTimeout              the whole body must arrive within this, and a response be taken within it
 * @param idleTimeout              a kept-alive connection with no request for this long is closed
 * @param maxConnectionsPerClient  open connections from one client address; more are answered 503 and closed.
 *                                 On a loopback-only stack every service shares one address, so this bounds a
 *                                 flood rather than shares the front fairly: keep it well above what the services
 *                                 open together (each JDBC connection pools its own HTTP connections)
 * @param maxConnections           open connections in all
 * @param maxQueryBytes            SQL per request (the text before an INSERT's inline data); larger is refused
 *                                 with QUERY_IS_TOO_LARGE before it reaches the engine
 * @param maxInsertBytes           inline INSERT data per request (streamed to disk, never held in memory)
 * @param maxHeaderBytes           request line and headers together (a {@code query} URL parameter counts here)
 * @param maxExecutionTime         a statement running longer is stopped: max_execution_time is set for it, and a
 *                                 statement that overrides the setting or does not check it is cancelled
 */
public record FrontLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout,
                          int maxConnectionsPerClient, int maxConnections, int maxQueryBytes, long maxInsertBytes,
                          int maxHeaderBytes, Duration maxExecutionTime) {

    public static final FrontLimits DEFAULTS = new FrontLimits(Duration.ofSeconds(10), Duration.ofSeconds(60),
            Duration.ofSeconds(30), 256, 1024, 1 << 20, 1L << 30, 64 << 10, Duration.ofMinutes(10));

    public FrontLimits {
        positive(headerTimeout, "headerTimeout");
        positive(bodyTimeout, "bodyTimeout");
        positive(idleTimeout, "idleTimeout");
        positive(maxExecutionTime, "maxExecutionTime");
        if (maxConnectionsPerClient < 1 || maxConnections < 1 || maxQueryBytes < 1 || maxInsertBytes < 1
                || maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("connection and size limits must be positive, headers at least 1 KiB");
        }
    }

    /** These limits to change some of: {@code DEFAULTS.toBuilder().idleTimeout(...).build()}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Limits as {@link FrontLimits} gives them, set one by one. */
    public static final class Builder {

        private Duration headerTimeout;
        private Duration bodyTimeout;
        private Duration idleTimeout;
        private int maxConnectionsPerClient;
        private int maxConnections;
        private int maxQueryBytes;
        private long maxInsertBytes;
        private final int maxHeaderBytes;
        private Duration maxExecutionTime;

        private Builder(FrontLimits from) {
            headerTimeout = from.headerTimeout;
            bodyTimeout = from.bodyTimeout;
            idleTimeout = from.idleTimeout;
            maxConnectionsPerClient = from.maxConnectionsPerClient;
            maxConnections = from.maxConnections;
            maxQueryBytes = from.maxQueryBytes;
            maxInsertBytes = from.maxInsertBytes;
            maxHeaderBytes = from.maxHeaderBytes;
            maxExecutionTime = from.maxExecutionTime;
        }

        public Builder headerTimeout(Duration value) {
            this.headerTimeout = value;
            return this;
        }

        public Builder bodyTimeout(Duration value) {
            this.bodyTimeout = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            this.idleTimeout = value;
            return this;
        }

        public Builder maxConnectionsPerClient(int value) {
            this.maxConnectionsPerClient = value;
            return this;
        }

        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        public Builder maxQueryBytes(int value) {
            this.maxQueryBytes = value;
            return this;
        }

        public Builder maxInsertBytes(long value) {
            this.maxInsertBytes = value;
            return this;
        }

        public Builder maxExecutionTime(Duration value) {
            this.maxExecutionTime = value;
            return this;
        }

        /** The limits, checked as the record's constructor checks them. */
        public FrontLimits build() {
            return new FrontLimits(headerTimeout, bodyTimeout, idleTimeout, maxConnectionsPerClient, maxConnections,
                    maxQueryBytes, maxInsertBytes, maxHeaderBytes, maxExecutionTime);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
    }
}
