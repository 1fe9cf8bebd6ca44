package dev.parallax.contract.derived;

/**
 * A {@code divergence_windows} row (SPEC §5): model × candidate precision × device class × window of candidate
 * event time; metrics are null for a window of unmatched candidates only.
 */
public record DivergenceWindowRow(
        @ColumnType("DateTime64(3, 'UTC')") long windowStart,
        @ColumnType("DateTime64(3, 'UTC')") long windowEnd,
        @ColumnType("LowCardinality(String)") String modelName,
        @ColumnType("LowCardinality(String)") String candidatePrecision,
        @ColumnType("LowCardinality(String)") String deviceClass,
        @ColumnType("UInt64") long pairs,
        @ColumnType("Nullable(Float64)") Double flipRate,
        @ColumnType("Nullable(Float64)") Double klMean,
        @ColumnType("Nullable(Float64)") Double klP95,
        @ColumnType("Nullable(Float64)") Double cosineMin,
        @ColumnType("Nullable(Float64)") Double cosineMean,
        @ColumnType("Nullable(Float64)") Double sqnrMeanDb,
        @ColumnType("Nullable(Float64)") Double maxAbsErrP99,
        @ColumnType("UInt64") long unmatched,
        @ColumnType("UInt64") long version) {
}
