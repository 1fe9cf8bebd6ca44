package dev.parallax.clickhouse.engine;

/** What the engine reports about a finished query, as a server reports it in X-ClickHouse-Summary. */
public record QueryStatistics(long rowsRead, long bytesRead, long rowsWritten, long bytesWritten, long elapsedNanos) {
}
