package dev.parallax.analytics.throttle;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.codec.StateFormatException;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import java.util.Comparator;
import java.util.Objects;

/**
 * One reading of a device's thermal state: a DeviceSample, or an InferenceEvent with its inference fields.
 *
 * @param eventId       the event's id; breaks ties between samples of the same event time so that processing
 *                      order, and thus every result, does not depend on arrival order
 * @param temperatureC  SoC temperature, {@code null} when the event carries none
 * @param throttleFlags Raspberry Pi {@code get_throttled} bits, {@code null} when the event carries none
 * @param modelName     the inference's model, {@code null} for a DeviceSample
 * @param testId        the inference's test, {@code null} for a DeviceSample
 * @param latencyMs     the inference's latency, {@code null} when there is none (DeviceSample, failed inference)
 */
public record ThermalSample(String eventId, String deviceId, String deviceClass, long eventTime, Double temperatureC,
                            Integer throttleFlags, String modelName, String testId, Double latencyMs) {

    /** Bits 1 (arm frequency capped), 2 (currently throttled) and 3 (soft temperature limit). */
    static final int THROTTLING_BITS = 0b1110;

    /** Event-time order with the event id as tie-breaker: the order the detector processes samples in. */
    static final Comparator<ThermalSample> PROCESSING_ORDER = (a, b) -> {
        // Written out rather than composed from comparingLong/thenComparing: a detector's grace buffer holds
        // thousands of samples and compares on every insertion.
        int byTime = Long.compare(a.eventTime, b.eventTime);
        return byTime != 0 ? byTime : a.eventId.compareTo(b.eventId);
    };

    private static final int FORMAT_TAG = 0x68;
    private static final int VERSION = 1;

    /** One sample on its own: the fields the detector reads, not the whole event (repartition topics, stores). */
    public static final StateCodec<ThermalSample> CODEC = StateCodec.of(
            sample -> sample.writeTo(new StateWriter(FORMAT_TAG, VERSION)).toByteArray(),
            bytes -> {
                StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "thermal sample");
                ThermalSample sample = readFrom(in);
                in.expectEnd();
                return sample;
            });

    public ThermalSample {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceClass, "deviceClass");
        if (latencyMs != null && !(latencyMs >= 0 && latencyMs < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("latency_ms must be finite and >= 0: " + latencyMs);
        }
    }

    /** A periodic telemetry reading (DeviceSample). */
    public static ThermalSample telemetry(String eventId, String deviceId, String deviceClass, long eventTime,
                                          Double temperatureC, Integer throttleFlags) {
        return new ThermalSample(eventId, deviceId, deviceClass, eventTime, temperatureC, throttleFlags,
                null, null, null);
    }

    /** An inference (InferenceEvent); {@code latencyMs} is {@code null} for failed inferences. */
    public static ThermalSample inference(String eventId, String deviceId, String deviceClass, long eventTime,
                                          Double temperatureC, Integer throttleFlags, String modelName,
                                          String testId, Double latencyMs) {
        return new ThermalSample(eventId, deviceId, deviceClass, eventTime, temperatureC, throttleFlags,
                Objects.requireNonNull(modelName, "modelName"), testId, latencyMs);
    }

    public boolean isInference() {
        return modelName != null;
    }

    public boolean hasThrottlingBits() {
        return throttleFlags != null && (throttleFlags & THROTTLING_BITS) != 0;
    }

    /** Appends this sample's fields to a larger encoding; {@link #readFrom} reads them back. */
    public StateWriter writeTo(StateWriter out) {
        out.writeString(eventId).writeString(deviceId).writeString(deviceClass).writeSignedVarLong(eventTime)
                .writeBoolean(temperatureC != null);
        if (temperatureC != null) out.writeDouble(temperatureC);
        out.writeBoolean(throttleFlags != null);
        if (throttleFlags != null) out.writeSignedVarLong(throttleFlags);
        out.writeNullableString(modelName).writeNullableString(testId).writeBoolean(latencyMs != null);
        if (latencyMs != null) out.writeDouble(latencyMs);
        return out;
    }

    /** @throws StateFormatException when the fields are truncated or invalid */
    public static ThermalSample readFrom(StateReader in) {
        String eventId = in.readString();
        String deviceId = in.readString();
        String deviceClass = in.readString();
        long eventTime = in.readSignedVarLong();
        Double temperature = in.readBoolean() ? in.readDouble() : null;
        Long flags = in.readBoolean() ? in.readSignedVarLong() : null;
        String model = in.readNullableString();
        String test = in.readNullableString();
        Double latency = in.readBoolean() ? in.readDouble() : null;
        try {
            return new ThermalSample(eventId, deviceId, deviceClass, eventTime, temperature,
                    flags == null ? null : Math.toIntExact(flags), model, test, latency);
        } catch (IllegalArgumentException | ArithmeticException | NullPointerException e) {
            throw new StateFormatException("thermal sample: " + e.getMessage());
        }
    }
}
