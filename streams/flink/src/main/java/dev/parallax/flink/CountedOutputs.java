package dev.parallax.flink;

import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.ReasonClass;
import dev.parallax.contract.Topics;
import dev.parallax.metrics.PipelineMetrics;
import dev.parallax.streams.records.DerivedRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Counts every derived record as an event out of its topic, and each dead letter (the decoders' and the divergence
 * pairing's alike) by its origin topic and reason class ({@link JobCounts}), and passes it on.
 */
final class CountedOutputs extends RichMapFunction<DerivedRecord, DerivedRecord> {

    private transient JobCounts counts;

    @Override
    public void open(OpenContext context) {
        counts = new JobCounts(getRuntimeContext());
    }

    @Override
    public DerivedRecord map(DerivedRecord record) {
        counts.add(PipelineMetrics.EVENTS_OUT, "topic", record.topic(), 1);
        if (record.topic().equals(Topics.DEAD_LETTER)) {
            DeadLetter letter = DeadLetter.fromJson(record.value());
            counts.add(PipelineMetrics.DEAD_LETTERS, "topic", String.valueOf(letter.topic()),
                    "reason_class", ReasonClass.of(letter).label());
        }
        return record;
    }
}
