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
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Divergence windows (SPEC §5) per (model, candidate precision, device class): the merge of the pairs and
 * unmatched candidates the pairing reported, by window of the candidate's event time, with the Kafka Streams
 * job's rules (SPEC §3a): the key's own clock, the newest candidate event time of its contributions, decides
 * which windows are beyond the horizon (default 7 days, longer than the pairing horizon, so a candidate paired
 * or found unmatched late still counts in its window); an older contribution is counted
 * ({@code lateContributions}) and not aggregated; a window is forgotten once beyond the horizon.
 *
 * <p>Updated windows go out on a processing-time tick every {@code emitInterval}, and at the end of a bounded
 * run (replay), when the watermark reaches the end of time. Windows are kept as live objects in the heap
 * backend ({@link DivergenceWindowSerializer}).
 */
final class DivergenceWindowFunction extends KeyedProcessFunction<String, WindowContribution, DerivedRecord> {

    private final JobSettings settings;
    private transient DivergenceSettings divergence;
    private transient TumblingWindows windows;
    private transient WindowHorizon horizon;
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
        horizon = new WindowHorizon(getRuntimeContext(), "divergence-key-clock", settings.arrival(), windows);
        aggregates = getRuntimeContext().getMapState(new MapStateDescriptor<>("divergence-windows",
                LongSerializer.INSTANCE, DivergenceWindowSerializer.INSTANCE));
        dirty = new UpdatedWindows(getRuntimeContext(), "divergence-windows-dirty", settings.emitIntervalMs());
        lateContributions = getRuntimeContext().getMetricGroup().counter("lateContributions");
    }

    @Override
    public void processElement(WindowContribution contribution, Context context, Collector<DerivedRecord> out)
            throws Exception {
        DivergenceKey key = contribution.divergenceKey();
        for (long beyond : horizon.advance(contribution.candidateEventTime, aggregates, context.timerService())) {
            forget(key, beyond, out);
        }
        long windowStart = windows.windowStart(contribution.candidateEventTime);
        if (horizon.isBeyondHorizon(windowStart)) {
            lateContributions.inc();
            return;
        }
        DivergenceWindow window = aggregates.get(windowStart);
        if (window == null) window = divergence.newWindow();
        aggregates.put(windowStart, window.merge(contribution.divergenceWindow()));
        dirty.mark(windowStart, context.timerService());
    }

    /** On an emit tick, and at the end of a bounded run: every window updated since it was last emitted. */
    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<DerivedRecord> out) throws Exception {
        DivergenceKey key = CodecKeys.decode(DivergenceKey.CODEC, context.getCurrentKey());
        for (long windowStart : dirty.all()) emit(key, windowStart, out);
    }

    /** Forgets a window beyond the horizon, emitting any update it still has. */
    private void forget(DivergenceKey key, long windowStart, Collector<DerivedRecord> out) throws Exception {
        if (dirty.contains(windowStart)) emit(key, windowStart, out);
        aggregates.remove(windowStart);
    }

    private void emit(DivergenceKey key, long windowStart, Collector<DerivedRecord> out) throws Exception {
        byte[] row = DerivedRecords.divergenceWindow(key, windowStart, windows.windowEnd(windowStart),
                aggregates.get(windowStart));
        out.collect(new DerivedRecord(Topics.DIVERGENCE, DerivedRecords.divergenceWindowKey(key, windowStart), row));
        dirty.unmark(windowStart);
    }
}
