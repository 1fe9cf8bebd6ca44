package dev.parallax.kstreams;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.codec.StateFormatException;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.analytics.throttle.ThermalSample;

/** Thermal samples on the repartition topic: the fields the episode detector reads, not the whole event. */
final class ThermalSampleCodec implements StateCodec<ThermalSample> {

    private static final int FORMAT_TAG = 0x68;
    private static final int VERSION = 1;

    @Override
    public byte[] encode(ThermalSample sample) {
        StateWriter out = new StateWriter(FORMAT_TAG, VERSION)
                .writeString(sample.eventId()).writeString(sample.deviceId()).writeString(sample.deviceClass())
                .writeSignedVarLong(sample.eventTime())
                .writeBoolean(sample.temperatureC() != null);
        if (sample.temperatureC() != null) out.writeDouble(sample.temperatureC());
        out.writeBoolean(sample.throttleFlags() != null);
        if (sample.throttleFlags() != null) out.writeSignedVarLong(sample.throttleFlags());
        out.writeNullableString(sample.modelName()).writeNullableString(sample.testId())
                .writeBoolean(sample.latencyMs() != null);
        if (sample.latencyMs() != null) out.writeDouble(sample.latencyMs());
        return out.toByteArray();
    }

    @Override
    public ThermalSample decode(byte[] bytes) {
        StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "thermal sample");
        String eventId = in.readString();
        String deviceId = in.readString();
        String deviceClass = in.readString();
        long eventTime = in.readSignedVarLong();
        Double temperature = in.readBoolean() ? in.readDouble() : null;
        Integer flags = in.readBoolean() ? (int) in.readSignedVarLong() : null;
        String model = in.readNullableString();
        String test = in.readNullableString();
        Double latency = in.readBoolean() ? in.readDouble() : null;
        in.expectEnd();
        try {
            return new ThermalSample(eventId, deviceId, deviceClass, eventTime, temperature, flags, model, test,
                    latency);
        } catch (IllegalArgumentException e) {
            throw new StateFormatException("thermal sample: " + e.getMessage());
        }
    }
}
