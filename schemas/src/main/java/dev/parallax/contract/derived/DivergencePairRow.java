package dev.parallax.contract.derived;

/**
 * A {@code divergence_pairs} row (SPEC §5): a candidate matched with its reference. {@code kl} is null unless the
 * outputs are logits; {@code sqnrDb} is infinite when the outputs are identical.
 */
public record DivergencePairRow(
        @ColumnType("LowCardinality(String)") String modelName,
        @ColumnType("String") String inputId,
        @ColumnType("UUID") String candidateEventId,
        @ColumnType("DateTime64(3, 'UTC')") long candidateEventTime,
        @ColumnType("UUID") String referenceEventId,
        @ColumnType("LowCardinality(String)") String referencePrecision,
        @ColumnType("LowCardinality(String)") String candidatePrecision,
        @ColumnType("LowCardinality(String)") String deviceClass,
        @ColumnType("String") String testId,
        @ColumnType("String") String runId,
        @ColumnType("UInt8") int top1Agree,
        @ColumnType("Float64") double top5Overlap,
        @ColumnType("Float64") double cosine,
        @ColumnType("Float64") double maxAbsErr,
        @ColumnType("Float64") double meanAbsErr,
        @ColumnType("Float64") double sqnrDb,
        @ColumnType("Nullable(Float64)") Double kl,
        @ColumnType("UInt64") long version) {
}
