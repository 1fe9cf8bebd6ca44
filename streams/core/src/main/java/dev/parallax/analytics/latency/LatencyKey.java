package dev.parallax.analytics.latency;

import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import java.util.Objects;

/** What latency windows are kept per (SPEC §3): one series per test, model version, precision, tier and device class. */
public record LatencyKey(String testId, String modelName, String modelVersion, Precision precision, Tier tier,
                         String deviceClass) {

    private static final int FORMAT_TAG = 0x4B;
    private static final int VERSION = 1;

    /** Key encoding, for repartition topics and keyed state; field order is the record's. */
    public static final StateCodec<LatencyKey> CODEC = StateCodec.of(LatencyKey::encode, LatencyKey::decode);

    public LatencyKey {
        Objects.requireNonNull(testId, "testId");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(deviceClass, "deviceClass");
    }

    private byte[] encode() {
        return new StateWriter(FORMAT_TAG, VERSION)
                .writeString(testId).writeString(modelName).writeString(modelVersion)
                .writeString(precision.name()).writeString(tier.name()).writeString(deviceClass)
                .toByteArray();
    }

    private static LatencyKey decode(byte[] bytes) {
        StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "latency key");
        LatencyKey key = new LatencyKey(in.readString(), in.readString(), in.readString(),
                Precision.valueOf(in.readString()), Tier.valueOf(in.readString()), in.readString());
        in.expectEnd();
        return key;
    }
}
