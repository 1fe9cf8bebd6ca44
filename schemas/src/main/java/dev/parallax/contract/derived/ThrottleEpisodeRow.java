package dev.parallax.contract.derived;

/**
 * A {@code throttle_episodes} row (SPEC §4). An open episode has no end yet ({@code endTime} null, duration to its
 * newest sample); the closed row replaces it with a higher version.
 */
public record ThrottleEpisodeRow(
        @ColumnType("String") String episodeId,
        @ColumnType("LowCardinality(String)") String deviceId,
        @ColumnType("LowCardinality(String)") String deviceClass,
        @ColumnType("DateTime64(3, 'UTC')") long startTime,
        @ColumnType("Nullable(DateTime64(3, 'UTC'))") Long endTime,
        @ColumnType("UInt64") long durationMs,
        @ColumnType("Nullable(Float64)") Double peakTempC,
        @ColumnType("Nullable(Float64)") Double meanTempC,
        @ColumnType("UInt64") long samples,
        @ColumnType("UInt64") long inferences,
        @ColumnType("UInt32") int testsAffected,
        @ColumnType("Nullable(Float64)") Double latencyInflation,
        @ColumnType("UInt8") int isOpen,
        @ColumnType("UInt64") long version) {
}
