package dev.parallax.flink;

import dev.parallax.analytics.InferenceStatus;
import dev.parallax.analytics.latency.LatencyKey;
import dev.parallax.analytics.latency.LatencyObservation;
import java.nio.charset.StandardCharsets;

/**
 * A latency observation between Flink operators (a Flink POJO). The latency key travels as its
 * {@link LatencyKey#CODEC} bytes in a Latin-1 string: Flink partitions by the key's hash code, which must be
 * the same in every JVM (a record holding enums has no such hash code; a string does), and Latin-1 maps bytes
 * to chars one to one so the key decodes back exactly.
 */
public class LatencyInput {

    public String key;
    public long eventTime;
    public String status;
    public double latencyMs;

    public LatencyInput() {
    }

    static LatencyInput of(LatencyObservation observation) {
        LatencyInput input = new LatencyInput();
        input.key = keyString(observation.key());
        input.eventTime = observation.eventTime();
        input.status = observation.status().name();
        input.latencyMs = observation.latencyMs();
        return input;
    }

    static String keyString(LatencyKey key) {
        return new String(LatencyKey.CODEC.encode(key), StandardCharsets.ISO_8859_1);
    }

    static LatencyKey latencyKey(String keyString) {
        return LatencyKey.CODEC.decode(keyString.getBytes(StandardCharsets.ISO_8859_1));
    }

    LatencyObservation observation(LatencyKey latencyKey) {
        return new LatencyObservation(eventTime, latencyKey, InferenceStatus.valueOf(status), latencyMs);
    }
}
