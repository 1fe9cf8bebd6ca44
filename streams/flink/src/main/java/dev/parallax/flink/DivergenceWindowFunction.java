package dev.parallax.flink;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.analytics.divergence.DivergenceKey;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.divergence.DivergenceWindow;
import dev.parallax.analytics.window.TumblingWindows;
import dev.parallax.contract.Topics;
import dev.parallax.streams.records.DerivedRecords;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
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
    private transient ArrivalPolicy arrival;
    private transient ValueState<Long> clock;
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
        arrival = settings.arrival();
        clock = getRuntimeContext().getState(new ValueStateDescriptor<>("divergence-key-clock", Types.LONG));
        aggregates = getRuntimeContext().getMapState(new MapStateDescriptor<>("divergence-windows",
                LongSerializer.INSTANCE, DivergenceWindowSerializer.INSTANCE));
        dirty = new UpdatedWindows(getRuntimeContext(), "divergence-windows-dirty", settings.emitIntervalMs());
        lateContributions = getRuntimeContext().getMetricGroup().counter("lateContributions");
    }

    @Override
    public void processElement(WindowContribution contribution, Context context, Collector<DerivedRecord> out)
            throws Exception {
        DivergenceKey key = contribution.divergenceKey();
        Long stored = clock.value();
        long before = stored == null ? ArrivalPolicy.NO_EVENT : stored;
        long now = ArrivalPolicy.advance(before, contribution.candidateEventTime);
        if (now != before) {
            clock.update(now);
            if (before == ArrivalPolicy.NO_EVENT) context.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            else if (windows.windowStart(now) != windows.windowStart(before)) forgetBeyondHorizon(key, now, out);
        }
        long windowStart = windows.windowStart(contribution.candidateEventTime);
        if (arrival.isBeyondHorizon(windows.windowEnd(windowStart), now)) {
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

    /** Forgets the windows beyond the horizon of the key's clock, emitting any update they still have. */
    private void forgetBeyondHorizon(DivergenceKey key, long keyClock, Collector<DerivedRecord> out) throws Exception {
        List<Long> beyond = new ArrayList<>();
        for (long windowStart : aggregates.keys()) {
            if (arrival.isBeyondHorizon(windows.windowEnd(windowStart), keyClock)) beyond.add(windowStart);
        }
        for (long windowStart : beyond) {
            if (dirty.contains(windowStart)) emit(key, windowStart, out);
            aggregates.remove(windowStart);
        }
    }

    private void emit(DivergenceKey key, long windowStart, Collector<DerivedRecord> out) throws Exception {
        byte[] row = DerivedRecords.divergenceWindow(key, windowStart, windows.windowEnd(windowStart),
                aggregates.get(windowStart));
        out.collect(new DerivedRecord(Topics.DIVERGENCE, DerivedRecords.divergenceWindowKey(key, windowStart), row));
        dirty.unmark(windowStart);
    }
}
