package dev.parallax.analytics.latency;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;

/**
 * A latency window as the stream jobs keep it: the aggregate of its events and the count of its key's events
 * that came too late (beyond the horizon, SPEC §3a) while it was the key's newest window. A partial window of
 * one input task has the same form, so windows and partials merge alike.
 */
public final class LatencyWindowState {

    private static final int FORMAT_TAG = 0x57;
    private static final int VERSION = 1;

    /** Format 0x57 v1, the Kafka Streams job's stored form since the too-late count was introduced. */
    public static final StateCodec<LatencyWindowState> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(LatencyWindowState state) {
            return new StateWriter(FORMAT_TAG, VERSION).writeVarLong(state.late).writeBytes(state.window.toBytes())
                    .toByteArray();
        }

        @Override
        public LatencyWindowState decode(byte[] bytes) {
            StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "latency window state");
            long late = in.readVarLong();
            return new LatencyWindowState(LatencyWindow.fromBytes(in.readBytes()), late);
        }
    };

    private final LatencyWindow window;
    private long late;

    private LatencyWindowState(LatencyWindow window, long late) {
        this.window = window;
        this.late = late;
    }

    public static LatencyWindowState empty(LatencySettings settings) {
        return new LatencyWindowState(settings.newWindow(), 0);
    }

    public LatencyWindow window() {
        return window;
    }

    /** Events of the key that came beyond the horizon while this was its newest window. */
    public long late() {
        return late;
    }

    public LatencyWindowState add(LatencyObservation observation) {
        window.add(observation);
        return this;
    }

    /** Adds a partial window's events (and any too-late count it carries) to this window. */
    public LatencyWindowState merge(LatencyWindowState partial) {
        this.late += partial.late;
        window.merge(partial.window);
        return this;
    }

    /** Counts a partial window's events as too late: beyond the horizon, they are kept in raw only. */
    public LatencyWindowState countTooLate(LatencyWindowState partial) {
        this.late += partial.late + partial.window.count();
        return this;
    }
}
