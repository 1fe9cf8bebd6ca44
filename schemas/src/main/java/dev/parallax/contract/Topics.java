package dev.parallax.contract;

import java.util.List;

/**
 * Kafka topic names of the data contract (SPEC section 11). Users point their own consumers at these names,
 * so they never change; a breaking change gets a new {@code .v2} topic instead.
 */
public final class Topics {

    /** {@code InferenceEvent} records, Avro single-object encoding or JSON. */
    public static final String INFERENCE = "parallax.inference.v1";
    /** {@code DeviceSample} records, Avro single-object encoding or JSON. */
    public static final String DEVICE = "parallax.device.v1";
    /** {@code RunEvent} records, Avro single-object encoding or JSON. */
    public static final String RUN = "parallax.run.v1";

    /** Rejected records with their reason, raw bytes and origin. */
    public static final String DEAD_LETTER = "parallax.deadletter.v1";
    /** Tail-latency windows (SPEC section 3). */
    public static final String LATENCY = "parallax.latency.v1";
    /** Thermal-throttle episodes (SPEC section 4). */
    public static final String THROTTLE = "parallax.throttle.v1";
    /** Quantized-vs-reference divergence pairs and windows (SPEC section 5). */
    public static final String DIVERGENCE = "parallax.divergence.v1";
    /** Alert events: raised, acknowledged, resolved (SPEC section 6). */
    public static final String ALERTS = "parallax.alerts.v1";

    /** Topics that test runners and the collector write to. */
    public static final List<String> INPUTS = List.of(INFERENCE, DEVICE, RUN);
    /** Every topic of the contract, inputs first. */
    public static final List<String> ALL = List.of(INFERENCE, DEVICE, RUN, DEAD_LETTER, LATENCY, THROTTLE, DIVERGENCE, ALERTS);

    private Topics() {
    }
}
