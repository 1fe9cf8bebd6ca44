package dev.parallax.flink;

import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.ReasonClass;
import dev.parallax.contract.Topics;
import dev.parallax.metrics.PipelineMetrics;
import dev.parallax.streams.records.DerivedRecord;
import java.io.Serializable;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Passes every element on, counting it in the task's {@link JobCounts}. */
final class Counted<T> extends RichMapFunction<T, T> {

    private interface Count<T> extends BiConsumer<JobCounts, T>, Serializable {
    }

    private final Count<T> count;
    private transient JobCounts counts;

    private Counted(Count<T> count) {
        this.count = count;
    }

    /** Every record read, as an event in of its topic. */
    static DataStream<DecodedInput> inputs(DataStream<DecodedInput> read) {
        return read.map(new Counted<DecodedInput>((counts, input) -> counts.add(PipelineMetrics.EVENTS_IN, "topic", input.topic, 1)))
                .returns(read.getType()).name("count-inputs");
    }

    /**
     * Every derived record, as an event out of its topic; and each dead letter (the decoders' and the divergence
     * pairing's alike) by its origin topic and reason class.
     */
    static DataStream<DerivedRecord> outputs(DataStream<DerivedRecord> derived) {
        return derived.map(new Counted<DerivedRecord>((counts, record) -> {
            counts.add(PipelineMetrics.EVENTS_OUT, "topic", record.topic(), 1);
            if (record.topic().equals(Topics.DEAD_LETTER)) {
                DeadLetter letter = DeadLetter.fromJson(record.value());
                counts.add(PipelineMetrics.DEAD_LETTERS, "topic", String.valueOf(letter.topic()),
                        "reason_class", ReasonClass.of(letter).label());
            }
        })).returns(derived.getType()).name("count-outputs");
    }

    @Override
    public void open(OpenContext context) {
        counts = new JobCounts(getRuntimeContext());
    }

    @Override
    public T map(T element) {
        count.accept(counts, element);
        return element;
    }
}
