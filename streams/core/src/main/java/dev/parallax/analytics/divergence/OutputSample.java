package dev.parallax.analytics.divergence;

import dev.parallax.analytics.OutputKind;
import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import java.util.Objects;

/**
 * An inference's output vector as the divergence operator sees it. Only events that carry outputs and an
 * input id take part in divergence; map the others to nothing. The array is not copied: do not modify it.
 */
public record OutputSample(String eventId, long eventTime, String modelName, String inputId, Precision precision,
                           Tier tier, String deviceClass, OutputKind outputKind, float[] outputs) {

    public OutputSample {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(inputId, "inputId");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(deviceClass, "deviceClass");
        Objects.requireNonNull(outputKind, "outputKind");
        Objects.requireNonNull(outputs, "outputs");
    }

    /** The pairing key: reference and candidates share it. */
    public PairingKey pairingKey() {
        return new PairingKey(modelName, inputId);
    }

    /** Events are pairing candidates and references for the same golden sample of the same model. */
    public record PairingKey(String modelName, String inputId) {

        /** For repartition topics and stores. */
        public static final StateCodec<PairingKey> CODEC = StateCodec.of(PairingKey::encode, PairingKey::decode);
        private static final int FORMAT_TAG = 0x4B;
        private static final int VERSION = 1;

        public PairingKey {
            Objects.requireNonNull(modelName, "modelName");
            Objects.requireNonNull(inputId, "inputId");
        }

        private byte[] encode() {
            return new StateWriter(FORMAT_TAG, VERSION).writeString(modelName).writeString(inputId).toByteArray();
        }

        private static PairingKey decode(byte[] bytes) {
            StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "pairing key");
            PairingKey key = new PairingKey(in.readString(), in.readString());
            in.expectEnd();
            return key;
        }
    }
}
