package dev.parallax.flink;

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
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Tail-latency windows (SPEC §3) per latency key, aggregated by the engine-free {@link LatencyWindow}, with
 * the Kafka Streams job's rules: an event is late iff {@link TumblingWindows#isLate} says so against the
 * current watermark (see {@link EventTimeWatermarks} for how that watermark compares), a late event counts in
 * its window's {@code late_events} while the window is retained, and rows are {@link DerivedRecords}' rows.
 *
 * <p>State per key: the windows by window start (in the window's own bytes, see {@link LatencyWindowSerializer}:
 * the heap backend keeps them as live objects, so an event costs one sketch update, not a decode and an
 * encode), their late-event counts and the windows updated since they were last emitted. Updated windows are emitted together on a processing-time
 * timer every {@code emitInterval} (freshness without a row per event), and once more when the watermark
 * passes their close, so a bounded run (replay) that ends with the watermark at the end of time emits every
 * window's final row even though processing-time timers do not fire after the input ends. A window is
 * forgotten {@code retention} after it closes.
 */
final class LatencyWindowFunction extends KeyedProcessFunction<String, LatencyInput, DerivedRecord> {

    private final JobSettings settings;
    private transient LatencySettings latency;
    private transient TumblingWindows windows;
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
        aggregates = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("latency-windows", LongSerializer.INSTANCE, LatencyWindowSerializer.INSTANCE));
        lateEvents = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("latency-late-events", Types.LONG, Types.LONG));
        dirty = new UpdatedWindows(getRuntimeContext(), "latency-dirty", settings.emitIntervalMs());
    }

    @Override
    public void processElement(LatencyInput input, Context context, Collector<DerivedRecord> out) throws Exception {
        long windowStart = windows.windowStart(input.eventTime);
        LatencyWindow window = aggregates.get(windowStart);
        if (window == null) {
            window = latency.newWindow();
            // Close (final row) and expiry; a window that is already closed gets both at the next watermark.
            long close = windows.closeTime(windowStart);
            context.timerService().registerEventTimeTimer(close);
            context.timerService().registerEventTimeTimer(close + settings.windowRetentionMs());
        }
        if (windows.isLate(input.eventTime, context.timerService().currentWatermark())) {
            Long late = lateEvents.get(windowStart);
            lateEvents.put(windowStart, late == null ? 1 : late + 1);
        } else {
            window.add(input.observation(LatencyInput.latencyKey(context.getCurrentKey())));
        }
        // A no-op for the heap backend (the window was updated in place); a write for any other backend.
        aggregates.put(windowStart, window);
        dirty.mark(windowStart, context.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<DerivedRecord> out) throws Exception {
        LatencyKey key = LatencyInput.latencyKey(context.getCurrentKey());
        if (context.timeDomain() == TimeDomain.PROCESSING_TIME) {
            for (long windowStart : dirty.all()) emit(key, windowStart, out);
            return;
        }
        long closing = timestamp - windows.sizeMs() - windows.graceMs();
        if (dirty.contains(closing)) emit(key, closing, out);
        long expiring = closing - settings.windowRetentionMs();
        if (aggregates.contains(expiring)) {
            if (dirty.contains(expiring)) emit(key, expiring, out);
            aggregates.remove(expiring);
            lateEvents.remove(expiring);
        }
    }

    private void emit(LatencyKey key, long windowStart, Collector<DerivedRecord> out) throws Exception {
        Long late = lateEvents.get(windowStart);
        byte[] row = DerivedRecords.latencyWindow(key, windowStart, windows.windowEnd(windowStart),
                aggregates.get(windowStart), late == null ? 0 : late);
        out.collect(new DerivedRecord(Topics.LATENCY, DerivedRecords.latencyWindowKey(key, windowStart), row));
        dirty.unmark(windowStart);
    }
}
