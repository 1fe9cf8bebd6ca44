package dev.parallax.kstreams;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.analytics.divergence.OutputSample.PairingKey;

/** The (model name, input id) key of the divergence pairing, for its repartition topic and its stores. */
final class PairingKeyCodec implements StateCodec<PairingKey> {

    private static final int FORMAT_TAG = 0x4B;
    private static final int VERSION = 1;

    @Override
    public byte[] encode(PairingKey key) {
        return new StateWriter(FORMAT_TAG, VERSION).writeString(key.modelName()).writeString(key.inputId())
                .toByteArray();
    }

    @Override
    public PairingKey decode(byte[] bytes) {
        StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "pairing key");
        PairingKey key = new PairingKey(in.readString(), in.readString());
        in.expectEnd();
        return key;
    }
}
