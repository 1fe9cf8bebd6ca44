package dev.parallax.analytics.throttle;

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
    static final Comparator<ThermalSample> PROCESSING_ORDER =
            Comparator.comparingLong(ThermalSample::eventTime).thenComparing(ThermalSample::eventId);

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
}
