package dev.parallax.kstreams;

import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.Precision;
import dev.parallax.schema.Status;
import dev.parallax.schema.Tier;
import java.util.Map;
import java.util.UUID;

/** Inference events for topology tests: valid, with the fields a test varies as parameters. */
final class TestEvents {

    /** 2026-11-23T10:00:00Z: a whole minute, so window arithmetic in tests stays readable. */
    static final long T0 = 1_795_428_000_000L;

    private TestEvents() {
    }

    static InferenceEvent.Builder inference(long eventTime, double latencyMs) {
        return InferenceEvent.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes((eventTime + "/" + latencyMs).getBytes()).toString())
                .setEventTime(eventTime)
                .setRunId("run-1")
                .setTestId("mobilenet-smoke")
                .setModelName("mobilenet-v3")
                .setModelVersion("1.0")
                .setPrecision(Precision.INT8)
                .setTier(Tier.EDGE)
                .setDeviceId("pi5-01")
                .setDeviceClass("pi5-hailo8l")
                .setRuntime("hailort")
                .setLatencyMs(latencyMs)
                .setStatus(Status.OK)
                .setAttributes(Map.of());
    }
}
