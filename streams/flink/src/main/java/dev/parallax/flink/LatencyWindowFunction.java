package dev.parallax.flink;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.analytics.latency.LatencyKey;
import dev.parallax.analytics.latency.LatencySettings;
import dev.parallax.analytics.latency.LatencyWindow;
import dev.parallax.analytics.window.TumblingWindows;
import dev.parallax.contract.Topics;
import dev.parallax.streams.records.DerivedRecords;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Tail-latency windows (SPEC §3) per latency key, aggregated by the engine-free {@link LatencyWindow}, with
 * the Kafka Streams job's rules (SPEC §3a): the key's own clock, the newest event time of its events, decides
 * which windows are beyond the {@link ArrivalPolicy#horizonMs() horizon}; every nearer window takes late events
 * and is emitted again; an event beyond it counts in {@code late_events} of the key's newest window; a window
 * is forgotten once beyond the horizon. No watermark decides anything here.
 *
 * <p>State per key: its clock, the windows by window start (in the window's own bytes, see
 * {@link LatencyWindowSerializer}: the heap backend keeps them as live objects, so an event costs one sketch
 * update, not a decode and an encode), their too-late counts and the windows updated since they were last
 * emitted. Updated windows are emitted together on a processing-time timer every {@code emitInterval}
 * (freshness without a row per event), and at the end of a bounded run (replay), when the watermark reaches
 * the end of time, where each key has a timer waiting.
 */
final class LatencyWindowFunction extends KeyedProcessFunction<String, LatencyInput, DerivedRecord> {

    private final JobSettings settings;
    private transient LatencySettings latency;
    private transient TumblingWindows windows;
    private transient WindowHorizon horizon;
    private transient MapState<Long, LatencyWindow> aggregates;
    private transient MapState<Long, Long> lateEvents;
    private transient UpdatedWindows dirty;

    LatencyWindowFunction(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        latency = settings.latency();
        windows = latency.windows();
        horizon = new WindowHorizon(getRuntimeContext(), "latency-key-clock", settings.arrival(), windows);
        aggregates = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("latency-windows", LongSerializer.INSTANCE, LatencyWindowSerializer.INSTANCE));
        lateEvents = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("latency-late-events", Types.LONG, Types.LONG));
        dirty = new UpdatedWindows(getRuntimeContext(), "latency-dirty", settings.emitIntervalMs());
    }

    @Override
    public void processElement(LatencyInput input, Context context, Collector<DerivedRecord> out) throws Exception {
        LatencyKey key = LatencyInput.latencyKey(context.getCurrentKey());
        for (long beyond : horizon.advance(input.eventTime, aggregates, context.timerService())) forget(key, beyond, out);
        long windowStart = windows.windowStart(input.eventTime);
        if (horizon.isBeyondHorizon(windowStart)) {
            long newest = windows.windowStart(horizon.current());
            Long late = lateEvents.get(newest);
            lateEvents.put(newest, late == null ? 1 : late + 1);
            dirty.mark(newest, context.timerService());
            return;
        }
        LatencyWindow window = aggregates.get(windowStart);
        if (window == null) window = latency.newWindow();
        window.add(input.observation(key));
        // A no-op for the heap backend (the window was updated in place); a write for any other backend.
        aggregates.put(windowStart, window);
        dirty.mark(windowStart, context.timerService());
    }

    /** On an emit tick, and at the end of a bounded run: every window updated since it was last emitted. */
    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<DerivedRecord> out) throws Exception {
        LatencyKey key = LatencyInput.latencyKey(context.getCurrentKey());
        for (long windowStart : dirty.all()) emit(key, windowStart, out);
    }

    /** Forgets a window beyond the horizon, emitting any update it still has. */
    private void forget(LatencyKey key, long windowStart, Collector<DerivedRecord> out) throws Exception {
        if (dirty.contains(windowStart)) emit(key, windowStart, out);
        aggregates.remove(windowStart);
        lateEvents.remove(windowStart);
    }

    private void emit(LatencyKey key, long windowStart, Collector<DerivedRecord> out) throws Exception {
        Long late = lateEvents.get(windowStart);
        LatencyWindow window = aggregates.get(windowStart);
        byte[] row = DerivedRecords.latencyWindow(key, windowStart, windows.windowEnd(windowStart),
                window == null ? latency.newWindow() : window, late == null ? 0 : late);
        out.collect(new DerivedRecord(Topics.LATENCY, DerivedRecords.latencyWindowKey(key, windowStart), row));
        dirty.unmark(windowStart);
    }
}
