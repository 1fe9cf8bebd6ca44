package dev.parallax.kstreams;

import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.OutputKind;
import dev.parallax.schema.Precision;
import dev.parallax.schema.Status;
import dev.parallax.schema.Tier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

    /** A stable event id for a name, so tests can refer to an event's id. */
    static String id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** An inference of model {@code resnet50} with logits for golden sample {@code inputId}. */
    static InferenceEvent.Builder output(String name, long eventTime, Precision precision, Tier tier, String inputId,
                                         float... outputs) {
        List<Float> values = new ArrayList<>(outputs.length);
        for (float value : outputs) values.add(value);
        return inference(eventTime, 5).setEventId(id(name)).setTestId("resnet-parity").setModelName("resnet50")
                .setPrecision(precision).setTier(tier)
                .setDeviceId(tier == Tier.CLOUD ? "a10g-1" : "pi5-01")
                .setDeviceClass(tier == Tier.CLOUD ? "cloud-a10g" : "pi5-hailo8l")
                .setInputId(inputId).setOutputs(values).setOutputKind(OutputKind.LOGITS);
    }

    /** Device telemetry with a temperature and no throttling bits. */
    static DeviceSample deviceSample(String deviceId, long eventTime, double temperatureC) {
        return DeviceSample.newBuilder()
                .setEventId(id(deviceId + "/" + eventTime))
                .setEventTime(eventTime)
                .setDeviceId(deviceId)
                .setDeviceClass("pi5-hailo8l")
                .setTier(Tier.EDGE)
                .setTemperatureC(temperatureC)
                .build();
    }
}
