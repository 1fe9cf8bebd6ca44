package dev.parallax.kstreams;

import dev.parallax.analytics.InferenceStatus;
import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.analytics.latency.LatencyKey;
import dev.parallax.analytics.latency.LatencyObservation;

/** Latency observations on the repartition topic: a few bytes instead of the whole inference event. */
final class LatencyObservationCodec implements StateCodec<LatencyObservation> {

    private static final int FORMAT_TAG = 0x4F;
    private static final int VERSION = 1;

    @Override
    public byte[] encode(LatencyObservation observation) {
        return new StateWriter(FORMAT_TAG, VERSION)
                .writeLong(observation.eventTime())
                .writeBytes(LatencyKey.CODEC.encode(observation.key()))
                .writeString(observation.status().name())
                .writeDouble(observation.latencyMs())
                .toByteArray();
    }

    @Override
    public LatencyObservation decode(byte[] bytes) {
        StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "latency observation");
        LatencyObservation observation = new LatencyObservation(in.readLong(), LatencyKey.CODEC.decode(in.readBytes()),
                InferenceStatus.valueOf(in.readString()), in.readDouble());
        in.expectEnd();
        return observation;
    }
}
