package dev.parallax.kstreams;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.analytics.latency.LatencyKey;
import dev.parallax.analytics.latency.LatencyObservation;
import dev.parallax.analytics.latency.LatencySettings;
import dev.parallax.analytics.latency.LatencyWindow;
import dev.parallax.analytics.window.TumblingWindows;
import dev.parallax.streams.records.DerivedRecords;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Tail-latency windows (SPEC §3): 1-minute event-time tumbling windows per latency key, aggregated by the
 * engine-free {@link LatencyWindow} from the input tasks' partial windows ({@link LatencyPartialProcessor}).
 *
 * <p><b>Arrival (SPEC §3a).</b> Each latency key has its own clock ({@link KeyClocks}), the newest event time
 * of its events. A partial amends its window whatever order it comes in, as long as the window is within the
 * horizon (default 7 days) of its key's clock: the window is emitted again, its row replacing the older one. A
 * partial beyond the horizon is too late: its events are counted in {@code late_events} of the key's newest
 * window and stay in the raw table. A window is forgotten once it is beyond its key's horizon.
 *
 * <p>Updated windows are marked dirty in a store and emitted together once per {@code emitInterval} rather
 * than once per event; the dirty marks are in a changelogged store, so a window updated just before a commit
 * and a crash is still emitted after the restart. Windows live decoded in a {@link LiveStateStore}: a partial
 * updates its window in memory, and each updated window is encoded once per commit.
 */
final class LatencyWindowProcessor implements Processor<LatencyKey, WindowContribution<LatencyWindowProcessor.WindowState>, String, byte[]> {

    static final String WINDOWS = "latency-windows";
    static final String DIRTY = "latency-windows-dirty";
    static final String CLOCKS = "latency-key-clocks";
    private final LatencySettings settings;
    private final TumblingWindows windows;
    private final Duration emitInterval;
    private final ArrivalPolicy arrival;
    private ProcessorContext<String, byte[]> context;
    private WindowStates<LatencyKey, WindowState> windowStates;
    private KeyClocks clocks;

    LatencyWindowProcessor(LatencySettings settings, Duration emitInterval, ArrivalPolicy arrival) {
        this.settings = settings;
        this.windows = settings.windows();
        this.emitInterval = emitInterval;
        this.arrival = arrival;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.windowStates = new WindowStates<>(context.getStateStore(WINDOWS), context.getStateStore(DIRTY), LatencyKey.CODEC);
        this.clocks = new KeyClocks(context.getStateStore(CLOCKS), arrival, windows);
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitDirty());
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, now -> clocks.forgetBeyondHorizon(windowStates));
    }

    @Override
    public void process(Record<LatencyKey, WindowContribution<WindowState>> record) {
        WindowContribution<WindowState> partial = record.value();
        Bytes key = windowStates.keyBytes(record.key());
        long clock = clocks.advance(key, partial.eventTime());
        long windowStart = windows.windowStart(partial.eventTime());
        if (arrival.isBeyondHorizon(windows.windowEnd(windowStart), clock)) {
            windowStates.update(windows.windowStart(clock), key, () -> WindowState.empty(settings),
                    state -> state.countTooLate(partial.window()));
        } else {
            windowStates.update(windowStart, key, () -> WindowState.empty(settings), state -> state.merge(partial.window()));
        }
    }

    private void emitDirty() {
        // Stamped with the wall clock: the broker accepts it, and the derived topic's retention runs on it.
        long now = context.currentSystemTimeMs();
        windowStates.emitUpdated((key, windowStart, state) -> context.forward(new Record<>(
                DerivedRecords.latencyWindowKey(key, windowStart),
                DerivedRecords.latencyWindow(key, windowStart, windows.windowEnd(windowStart), state.window, state.late),
                now)));
    }

    /** A window and the count of its key's events that came too late (beyond the horizon) while it was newest. */
    static final class WindowState {

        private static final int FORMAT_TAG = 0x57;
        private static final int VERSION = 1;

        static final StateCodec<WindowState> CODEC = new StateCodec<>() {
            @Override
            public byte[] encode(WindowState state) {
                return new StateWriter(FORMAT_TAG, VERSION).writeVarLong(state.late).writeBytes(state.window.toBytes())
                        .toByteArray();
            }

            @Override
            public WindowState decode(byte[] bytes) {
                StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "latency window state");
                long late = in.readVarLong();
                return new WindowState(LatencyWindow.fromBytes(in.readBytes()), late);
            }
        };

        private final LatencyWindow window;
        private long late;

        private WindowState(LatencyWindow window, long late) {
            this.window = window;
            this.late = late;
        }

        static WindowState empty(LatencySettings settings) {
            return new WindowState(settings.newWindow(), 0);
        }

        WindowState add(LatencyObservation observation) {
            window.add(observation);
            return this;
        }

        /** Adds a partial window's events (and any too-late count it carries) to this window. */
        WindowState merge(WindowState partial) {
            this.late += partial.late;
            window.merge(partial.window);
            return this;
        }

        /** Counts a partial window's events as too late: beyond the horizon, they are kept in raw only. */
        WindowState countTooLate(WindowState partial) {
            this.late += partial.late + partial.window.count();
            return this;
        }
    }
}
