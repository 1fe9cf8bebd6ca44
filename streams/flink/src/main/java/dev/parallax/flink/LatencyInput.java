package dev.parallax.flink;

import dev.parallax.analytics.InferenceStatus;
import dev.parallax.analytics.latency.LatencyKey;
import dev.parallax.analytics.latency.LatencyObservation;

/** A latency observation between Flink operators (a Flink POJO), its key in {@link CodecKeys} form. */
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
        return CodecKeys.encode(LatencyKey.CODEC, key);
    }

    static LatencyKey latencyKey(String keyString) {
        return CodecKeys.decode(LatencyKey.CODEC, keyString);
    }

    LatencyObservation observation() {
        return new LatencyObservation(eventTime, latencyKey(key), InferenceStatus.valueOf(status), latencyMs);
    }
}
