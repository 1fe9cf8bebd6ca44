package dev.parallax.kstreams;

import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.analytics.latency.LatencyKey;
import dev.parallax.analytics.latency.LatencyObservation;
import dev.parallax.analytics.latency.LatencySettings;
import dev.parallax.analytics.latency.LatencyWindow;
import dev.parallax.analytics.window.TumblingWindows;
import dev.parallax.streams.records.DerivedRecords;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Tail-latency windows (SPEC §3): 1-minute event-time tumbling windows per latency key, aggregated by the
 * engine-free {@link LatencyWindow}.
 *
 * <p>Updated windows are marked dirty in a store and emitted together once per {@code emitInterval} rather
 * than once per event; the dirty marks are in a changelogged store, so a window updated just before a commit
 * and a crash is still emitted after the restart. An event later than the grace period is not lost: it
 * counts in its window's {@code late_events} while the window is retained, and stays in the raw table.
 *
 * <p>Live windows are also kept decoded in memory, written through to the store on every update: the store
 * stays the truth for commits and crashes, and the hot path skips decoding a sketch per event.
 *
 * <p>Lateness is judged against this processor's own watermark, the largest event time it has seen, kept in
 * its store: it survives restarts, and no producer's clock or other input partition can move it.
 */
final class LatencyWindowProcessor implements Processor<LatencyKey, LatencyObservation, String, byte[]> {

    static final String WINDOWS = "latency-windows";
    static final String DIRTY = "latency-windows-dirty";
    private static final byte[] MARK = new byte[0];
    /** Sorts before every window id (those are at least 8 bytes), so range scans over windows skip it. */
    private static final Bytes WATERMARK = Bytes.wrap(new byte[0]);
    private static final int STATE_TAG = 0x57;

    private final LatencySettings settings;
    private final TumblingWindows windows;
    private final Duration emitInterval;
    private final Duration retention;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<Bytes, byte[]> store;
    private KeyValueStore<Bytes, byte[]> dirty;
    private final Map<Bytes, WindowState> live = new HashMap<>();
    private long watermark = Long.MIN_VALUE;

    LatencyWindowProcessor(LatencySettings settings, Duration emitInterval, Duration retention) {
        this.settings = settings;
        this.windows = settings.windows();
        this.emitInterval = emitInterval;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(WINDOWS);
        this.dirty = context.getStateStore(DIRTY);
        // A revived task (after an aborted transaction) re-initialises this instance: forget what was in memory.
        live.clear();
        watermark = Long.MIN_VALUE;
        byte[] stored = store.get(WATERMARK);
        if (stored != null) watermark = ByteBuffer.wrap(stored).getLong();
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitDirty());
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, now -> expire());
    }

    @Override
    public void process(Record<LatencyKey, LatencyObservation> record) {
        LatencyObservation observation = record.value();
        long windowStart = windows.windowStart(observation.eventTime());
        Bytes id = windowId(windowStart, observation.key());
        WindowState state = live.get(id);
        if (state == null) {
            byte[] stored = store.get(id);
            state = stored == null ? new WindowState(settings.newWindow(), 0) : new WindowState(windowOf(stored), lateOf(stored));
            live.put(id, state);
        }
        if (observation.eventTime() > watermark) {
            watermark = observation.eventTime();
            store.put(WATERMARK, ByteBuffer.allocate(8).putLong(watermark).array());
        }
        if (windows.isLate(observation.eventTime(), watermark)) {
            state.late++;
        } else {
            state.window.add(observation);
        }
        store.put(id, state(state.window, state.late));
        dirty.put(id, MARK);
    }

    private void emitDirty() {
        List<Bytes> emitted = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> marks = dirty.all()) {
            while (marks.hasNext()) {
                Bytes id = marks.next().key;
                byte[] stored = store.get(id);
                if (stored != null) {
                    long windowStart = windowStartOf(id);
                    LatencyKey key = keyOf(id);
                    byte[] row = DerivedRecords.latencyWindow(key, windowStart, windows.windowEnd(windowStart),
                            windowOf(stored), lateOf(stored));
                    context.forward(new Record<>(DerivedRecords.latencyWindowKey(key, windowStart), row, windowStart));
                }
                emitted.add(id);
            }
        }
        emitted.forEach(dirty::delete);
    }

    /** Forgets windows closed longer ago than the retention; their rows stay in ClickHouse. */
    private void expire() {
        long cutoff = watermark - windows.sizeMs() - windows.graceMs() - retention.toMillis();
        if (cutoff <= 0) return;
        List<Bytes> expired = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> old = store.range(windowId(0, null), windowId(cutoff, null))) {
            while (old.hasNext()) {
                KeyValue<Bytes, byte[]> entry = old.next();
                if (dirty.get(entry.key) == null) expired.add(entry.key);
            }
        }
        expired.forEach(id -> {
            store.delete(id);
            live.remove(id);
        });
    }

    /** A window and its late count, decoded. */
    private static final class WindowState {
        private final LatencyWindow window;
        private long late;

        WindowState(LatencyWindow window, long late) {
            this.window = window;
            this.late = late;
        }
    }

    /** Window start first (big-endian), so windows sort by time and expire by range. */
    private static Bytes windowId(long windowStart, LatencyKey key) {
        byte[] keyBytes = key == null ? new byte[0] : LatencyKey.CODEC.encode(key);
        return Bytes.wrap(ByteBuffer.allocate(8 + keyBytes.length).putLong(windowStart).put(keyBytes).array());
    }

    private static long windowStartOf(Bytes id) {
        return ByteBuffer.wrap(id.get()).getLong();
    }

    private static LatencyKey keyOf(Bytes id) {
        return LatencyKey.CODEC.decode(Arrays.copyOfRange(id.get(), 8, id.get().length));
    }

    private static byte[] state(LatencyWindow window, long late) {
        return new StateWriter(STATE_TAG, 1).writeVarLong(late).writeBytes(window.toBytes()).toByteArray();
    }

    private static long lateOf(byte[] state) {
        return new StateReader(state, STATE_TAG, 1, "latency window state").readVarLong();
    }

    private static LatencyWindow windowOf(byte[] state) {
        StateReader in = new StateReader(state, STATE_TAG, 1, "latency window state");
        in.readVarLong();
        return LatencyWindow.fromBytes(in.readBytes());
    }
}
