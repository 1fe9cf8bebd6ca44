package dev.parallax.flink;

import dev.parallax.analytics.divergence.DivergenceKey;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.divergence.DivergenceWindow;
import dev.parallax.analytics.window.TumblingWindows;
import dev.parallax.contract.Topics;
import dev.parallax.streams.records.DerivedRecords;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Divergence windows (SPEC §5) per (model, candidate precision, device class): the merge of the pairs and
 * unmatched candidates the pairing reported, by window of the candidate's event time, with the Kafka Streams
 * job's rules. A candidate is paired, or found unmatched, up to the pairing horizon after its window, so a
 * window takes contributions, and stays in state, until the watermark passes its start plus size, grace,
 * horizon and retention; older contributions are counted ({@code lateContributions}) and not aggregated.
 *
 * <p>Updated windows go out on a processing-time tick every {@code emitInterval}, and once more when their
 * time in state ends, which for a bounded run (replay) is when the watermark reaches the end of time. Windows
 * are kept as live objects in the heap backend ({@link DivergenceWindowSerializer}).
 */
final class DivergenceWindowFunction extends KeyedProcessFunction<String, WindowContribution, DerivedRecord> {

    private final JobSettings settings;
    private transient DivergenceSettings divergence;
    private transient TumblingWindows windows;
    /** How long after its start a window takes contributions and stays in state. */
    private transient long keepMs;
    private transient MapState<Long, DivergenceWindow> aggregates;
    private transient UpdatedWindows dirty;
    private transient Counter lateContributions;

    DivergenceWindowFunction(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        divergence = settings.divergence();
        windows = divergence.windows();
        keepMs = divergence.windowKeepMs(settings.windowRetentionMs());
        aggregates = getRuntimeContext().getMapState(new MapStateDescriptor<>("divergence-windows",
                LongSerializer.INSTANCE, DivergenceWindowSerializer.INSTANCE));
        dirty = new UpdatedWindows(getRuntimeContext(), "divergence-windows-dirty", settings.emitIntervalMs());
        lateContributions = getRuntimeContext().getMetricGroup().counter("lateContributions");
    }

    @Override
    public void processElement(WindowContribution contribution, Context context, Collector<DerivedRecord> out)
            throws Exception {
        long windowStart = windows.windowStart(contribution.candidateEventTime);
        if (windowStart + keepMs <= context.timerService().currentWatermark()) {
            lateContributions.inc();
            return;
        }
        DivergenceWindow window = aggregates.get(windowStart);
        if (window == null) {
            window = divergence.newWindow();
            context.timerService().registerEventTimeTimer(windowStart + keepMs);
        }
        aggregates.put(windowStart, window.merge(contribution.divergenceWindow()));
        dirty.mark(windowStart, context.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<DerivedRecord> out) throws Exception {
        DivergenceKey key = CodecKeys.decode(DivergenceKey.CODEC, context.getCurrentKey());
        if (context.timeDomain() == TimeDomain.PROCESSING_TIME) {
            for (long windowStart : dirty.all()) emit(key, windowStart, out);
            return;
        }
        long expiring = timestamp - keepMs;
        if (dirty.contains(expiring)) emit(key, expiring, out);
        aggregates.remove(expiring);
    }

    private void emit(DivergenceKey key, long windowStart, Collector<DerivedRecord> out) throws Exception {
        byte[] row = DerivedRecords.divergenceWindow(key, windowStart, windows.windowEnd(windowStart),
                aggregates.get(windowStart));
        out.collect(new DerivedRecord(Topics.DIVERGENCE, DerivedRecords.divergenceWindowKey(key, windowStart), row));
        dirty.unmark(windowStart);
    }
}
