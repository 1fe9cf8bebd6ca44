package dev.parallax.flink;

import dev.parallax.metrics.PipelineMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Counts every record read as an event in of its topic ({@link JobCounts}), and passes it on. */
final class CountedInputs extends RichMapFunction<DecodedInput, DecodedInput> {

    private transient JobCounts counts;

    @Override
    public void open(OpenContext context) {
        counts = new JobCounts(getRuntimeContext());
    }

    @Override
    public DecodedInput map(DecodedInput input) {
        counts.add(PipelineMetrics.EVENTS_IN, "topic", input.topic, 1);
        return input;
    }
}
