package dev.parallax.kstreams;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;

/**
 * What reaches a window processor through a repartition topic: a window's worth of events to merge into the
 * window of {@code eventTime}, so that the processor only merges. For divergence, a window holding one pair
 * or one unmatched candidate, at the candidate's event time; for latency, a partial window of the events one
 * input task saw in an interval, at the newest one's event time.
 *
 * @param <W> the window aggregate
 */
record WindowContribution<W>(long eventTime, W window) {

    private static final int FORMAT_TAG = 0x63;
    private static final int VERSION = 1;

    static <W> StateCodec<WindowContribution<W>> codec(StateCodec<W> windowCodec) {
        return new StateCodec<>() {
            @Override
            public byte[] encode(WindowContribution<W> contribution) {
                return new StateWriter(FORMAT_TAG, VERSION).writeSignedVarLong(contribution.eventTime())
                        .writeBytes(windowCodec.encode(contribution.window())).toByteArray();
            }

            @Override
            public WindowContribution<W> decode(byte[] bytes) {
                StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "window contribution");
                WindowContribution<W> contribution =
                        new WindowContribution<>(in.readSignedVarLong(), windowCodec.decode(in.readBytes()));
                in.expectEnd();
                return contribution;
            }
        };
    }
}
