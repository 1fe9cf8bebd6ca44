package dev.parallax.kstreams;

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
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Tail-latency windows (SPEC §3): 1-minute event-time tumbling windows per latency key, aggregated by the
 * engine-free {@link LatencyWindow} from the input tasks' partial windows ({@link LatencyPartialProcessor}).
 *
 * <p>Updated windows are marked dirty in a store and emitted together once per {@code emitInterval} rather
 * than once per event; the dirty marks are in a changelogged store, so a window updated just before a commit
 * and a crash is still emitted after the restart. Events later than the grace period are not lost: they count
 * in the window's {@code late_events} while the window is retained (late in their input task already, or in
 * a partial that arrives after the window closed), and they stay in the raw table.
 *
 * <p>Windows live decoded in a {@link LiveStateStore}: a partial updates its window in memory, and each
 * updated window is encoded once per commit.
 *
 * <p>Lateness is judged against this processor's own {@link StoredWatermark}, the largest event time it has
 * seen: it survives restarts, and no producer's clock or other input partition can move it.
 */
final class LatencyWindowProcessor implements Processor<LatencyKey, WindowContribution<LatencyWindowProcessor.WindowState>, String, byte[]> {

    static final String WINDOWS = "latency-windows";
    static final String DIRTY = "latency-windows-dirty";
    private final LatencySettings settings;
    private final TumblingWindows windows;
    private final Duration emitInterval;
    private final Duration retention;
    private ProcessorContext<String, byte[]> context;
    private WindowStates<LatencyKey, WindowState> windowStates;
    private StoredWatermark watermark;

    LatencyWindowProcessor(LatencySettings settings, Duration emitInterval, Duration retention) {
        this.settings = settings;
        this.windows = settings.windows();
        this.emitInterval = emitInterval;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        KeyValueStore<Bytes, byte[]> updated = context.getStateStore(DIRTY);
        this.windowStates = new WindowStates<>(context.getStateStore(WINDOWS), updated, LatencyKey.CODEC);
        this.watermark = new StoredWatermark(updated);
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitDirty());
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, now -> expire());
    }

    @Override
    public void process(Record<LatencyKey, WindowContribution<WindowState>> record) {
        WindowContribution<WindowState> partial = record.value();
        long now = watermark.advance(partial.eventTime());
        long windowStart = windows.windowStart(partial.eventTime());
        boolean late = windows.isLate(partial.eventTime(), now);
        windowStates.update(windowStart, record.key(), () -> WindowState.empty(settings),
                state -> state.merge(partial.window(), late));
    }

    private void emitDirty() {
        windowStates.emitUpdated((key, windowStart, state) -> context.forward(new Record<>(
                DerivedRecords.latencyWindowKey(key, windowStart),
                DerivedRecords.latencyWindow(key, windowStart, windows.windowEnd(windowStart), state.window, state.late),
                windowStart)));
    }

    /** Forgets windows closed longer ago than the retention; their rows stay in ClickHouse. */
    private void expire() {
        if (watermark.get() == Long.MIN_VALUE) return;
        windowStates.forgetBefore(watermark.get() - windows.sizeMs() - windows.graceMs() - retention.toMillis());
    }

    /** A window and its late count. */
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

        /** Adds the observation to the window, or counts it late if it arrived after the window closed. */
        WindowState add(LatencyObservation observation, boolean late) {
            if (late) this.late++; else window.add(observation);
            return this;
        }

        /** Adds a partial window's late count, and its events to the window, or to the late count if late. */
        WindowState merge(WindowState partial, boolean late) {
            this.late += partial.late;
            if (late) this.late += partial.window.count(); else window.merge(partial.window);
            return this;
        }
    }
}
