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

    public static final StateCodec<DivergenceKey> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(DivergenceKey key) {
            return new StateWriter(FORMAT_TAG, VERSION).writeString(key.modelName)
                    .writeString(key.candidatePrecision.name()).writeString(key.deviceClass).toByteArray();
        }

        @Override
        public DivergenceKey decode(byte[] bytes) {
            StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "divergence key");
            DivergenceKey key = new DivergenceKey(in.readString(), Precision.valueOf(in.readString()),
                    in.readString());
            in.expectEnd();
            return key;
        }
    };

    public DivergenceKey {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(candidatePrecision, "candidatePrecision");
        Objects.requireNonNull(deviceClass, "deviceClass");
    }
}
