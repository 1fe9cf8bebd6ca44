package dev.parallax.contract.derived;

/**
 * A {@code latency_windows} row (SPEC §3): one key × one-minute window; statistics are null when the window holds
 * only failed inferences; the sketch is base64; the higher version wins.
 */
public record LatencyWindowRow(
        @ColumnType("DateTime64(3, 'UTC')") long windowStart,
        @ColumnType("DateTime64(3, 'UTC')") long windowEnd,
        @ColumnType("String") String testId,
        @ColumnType("LowCardinality(String)") String modelName,
        @ColumnType("LowCardinality(String)") String modelVersion,
        @ColumnType("LowCardinality(String)") String precision,
        @ColumnType("LowCardinality(String)") String tier,
        @ColumnType("LowCardinality(String)") String deviceClass,
        @ColumnType("UInt64") long count,
        @ColumnType("UInt64") long errors,
        @ColumnType("Nullable(Float64)") Double meanMs,
        @ColumnType("Nullable(Float64)") Double p50Ms,
        @ColumnType("Nullable(Float64)") Double p90Ms,
        @ColumnType("Nullable(Float64)") Double p95Ms,
        @ColumnType("Nullable(Float64)") Double p99Ms,
        @ColumnType("Nullable(Float64)") Double p999Ms,
        @ColumnType("Nullable(Float64)") Double maxMs,
        @ColumnType("String") String sketch,
        @ColumnType("UInt64") long lateEvents,
        @ColumnType("UInt64") long version) {
}
