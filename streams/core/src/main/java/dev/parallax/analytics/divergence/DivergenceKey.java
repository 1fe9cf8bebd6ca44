package dev.parallax.analytics.divergence;

import dev.parallax.analytics.Precision;
import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import java.util.Objects;

/** What divergence windows are kept per (SPEC §5): model, candidate precision and candidate device class. */
public record DivergenceKey(String modelName, Precision candidatePrecision, String deviceClass) {

    private static final int FORMAT_TAG = 0x6B;
    private static final int VERSION = 1;

    public static final StateCodec<DivergenceKey> CODEC = StateCodec.of(DivergenceKey::encode, DivergenceKey::decode);

    public DivergenceKey {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(candidatePrecision, "candidatePrecision");
        Objects.requireNonNull(deviceClass, "deviceClass");
    }

    private byte[] encode() {
        return new StateWriter(FORMAT_TAG, VERSION).writeString(modelName).writeString(candidatePrecision.name())
                .writeString(deviceClass).toByteArray();
    }

    private static DivergenceKey decode(byte[] bytes) {
        StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "divergence key");
        DivergenceKey key = new DivergenceKey(in.readString(), Precision.valueOf(in.readString()), in.readString());
        in.expectEnd();
        return key;
    }
}
