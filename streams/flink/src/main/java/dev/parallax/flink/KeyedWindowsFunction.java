package dev.parallax.flink;

import dev.parallax.analytics.window.TumblingWindows;
import dev.parallax.metrics.PipelineMetrics;
import dev.parallax.streams.records.DerivedRecord;
import dev.parallax.streams.records.WindowedAnalytic;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Any {@link WindowedAnalytic} on Flink, keyed by the analytic's key in {@link CodecKeys} form, by the rules of
 * SPEC §3a, as the Kafka Streams job's {@code KeyedWindowsProcessor}: the key's own clock ({@link WindowHorizon}),
 * the newest event time of its inputs, decides which windows are beyond the horizon; every nearer window takes
 * late inputs and is emitted again; an input beyond it is counted by the analytic in the key's newest window; a
 * window is forgotten once beyond the horizon. No watermark decides anything here. Late and too-late inputs are
 * counted ({@link JobCounts}).
 *
 * <p>State per key: its clock, the windows by window start (a {@link LiveMapState}: live objects between
 * checkpoints, so an input costs one update, not a decode and an encode, and each changed window is encoded once
 * per checkpoint) and the windows
 * updated since they were last emitted. Updated windows are emitted together on a processing-time timer every
 * {@code emitInterval} (freshness without a row per input), and at the end of a bounded run (replay), when the
 * watermark reaches the end of time, where each key has a timer waiting.
 *
 * @param <P> the input as it travels between Flink operators (a Flink POJO), which {@code input} maps to the
 *            analytic's input
 */
final class KeyedWindowsFunction<P, I, K, W> extends KeyedProcessFunction<String, P, DerivedRecord>
        implements LiveStateOperator.Live {

    private final JobSettings settings;
    private final SerializableFunction<JobSettings, WindowedAnalytic<I, K, W>> analyticOf;
    private final SerializableFunction<P, I> input;
    private final StateCodecSerializer<W> windowSerializer;
    private transient WindowedAnalytic<I, K, W> analytic;
    private transient TumblingWindows windows;
    private transient WindowHorizon horizon;
    private transient LiveMapState<W> aggregates;
    private transient LiveStateOperator.KeySwitch keys;
    private transient UpdatedWindows dirty;
    private transient JobCounts counts;

    /**
     * @param analyticOf       the analytic, built on the task from the job's settings
     * @param windowSerializer the analytic's window aggregate in state
     */
    KeyedWindowsFunction(JobSettings settings, SerializableFunction<JobSettings, WindowedAnalytic<I, K, W>> analyticOf,
                         SerializableFunction<P, I> input, StateCodecSerializer<W> windowSerializer) {
        this.settings = settings;
        this.analyticOf = analyticOf;
        this.input = input;
        this.windowSerializer = windowSerializer;
    }

    /** Called by {@link LiveStateOperator} before {@link #open}: keep windows live between checkpoints. */
    @Override
    public void keepLive(LiveStateOperator.KeySwitch keys) {
        this.keys = keys;
    }

    /** Writes the windows kept live back to the backend; called before a checkpoint barrier. */
    @Override
    public void flushLive() throws Exception {
        aggregates.flush();
    }

    @Override
    public void open(OpenContext context) throws Exception {
        analytic = analyticOf.apply(settings);
        windows = analytic.windows();
        String name = analytic.name();
        horizon = new WindowHorizon(getRuntimeContext(), name + "-key-clock", settings.arrival(), windows);
        aggregates = new LiveMapState<>(getRuntimeContext(), name + "-windows", windowSerializer, keys);
        dirty = new UpdatedWindows(getRuntimeContext(), name + "-windows-dirty", settings.emitIntervalMs());
        counts = new JobCounts(getRuntimeContext());
    }

    @Override
    public void processElement(P element, Context context, Collector<DerivedRecord> out) throws Exception {
        I in = input.apply(element);
        long eventTime = analytic.eventTime(in);
        String key = context.getCurrentKey();
        for (long beyond : horizon.advance(eventTime, () -> aggregates.entries(key), context.timerService())) {
            forget(key, beyond, out);
        }
        long windowStart = windows.windowStart(eventTime);
        if (!horizon.isBeyondHorizon(windowStart)) {
            if (windowStart < windows.windowStart(horizon.current())) {
                counts.add(PipelineMetrics.LATE, "analytic", analytic.name(), 1);
            }
            update(windowStart, window -> analytic.add(window, in), context);
            return;
        }
        counts.add(PipelineMetrics.TOO_LATE, "analytic", analytic.name(), 1);
        if (analytic.countsTooLate()) {
            W partial = analytic.add(analytic.emptyWindow(), in);
            update(windows.windowStart(horizon.current()), newest -> analytic.countTooLate(newest, partial), context);
        }
    }

    /** On an emit tick, and at the end of a bounded run: every window updated since it was last emitted. */
    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<DerivedRecord> out) throws Exception {
        for (long windowStart : dirty.all()) emit(context.getCurrentKey(), windowStart, out);
    }

    private void update(long windowStart, UnaryOperator<W> change, Context context) throws Exception {
        String key = context.getCurrentKey();
        W window = aggregates.get(key, windowStart);
        aggregates.put(key, windowStart, change.apply(window == null ? analytic.emptyWindow() : window));
        dirty.mark(windowStart, context.timerService());
    }

    /** Forgets a window beyond the horizon, emitting any update it still has. */
    private void forget(String key, long windowStart, Collector<DerivedRecord> out) throws Exception {
        if (dirty.contains(windowStart)) emit(key, windowStart, out);
        aggregates.remove(key, windowStart);
    }

    private void emit(String key, long windowStart, Collector<DerivedRecord> out) throws Exception {
        W window = aggregates.get(key, windowStart);
        out.collect(analytic.row(CodecKeys.decode(analytic.keyCodec(), key), windowStart,
                window == null ? analytic.emptyWindow() : window));
        dirty.unmark(windowStart);
    }
}
