package dev.parallax.kstreams;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.analytics.divergence.DivergenceWindow;

/**
 * What one pairing outcome adds to the divergence window of its candidate's event time: a window holding just
 * that pair, or just that unmatched candidate, so the window processor only merges.
 */
record DivergenceContribution(long candidateEventTime, DivergenceWindow window) {

    static final StateCodec<DivergenceContribution> CODEC = new StateCodec<>() {
        private static final int FORMAT_TAG = 0x63;
        private static final int VERSION = 1;

        @Override
        public byte[] encode(DivergenceContribution contribution) {
            return new StateWriter(FORMAT_TAG, VERSION).writeSignedVarLong(contribution.candidateEventTime())
                    .writeBytes(contribution.window().toBytes()).toByteArray();
        }

        @Override
        public DivergenceContribution decode(byte[] bytes) {
            StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "divergence contribution");
            DivergenceContribution contribution =
                    new DivergenceContribution(in.readSignedVarLong(), DivergenceWindow.fromBytes(in.readBytes()));
            in.expectEnd();
            return contribution;
        }
    };
}
