package dev.parallax.ingest.testing;

import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.OutputKind;
import dev.parallax.schema.Precision;
import dev.parallax.schema.Status;
import dev.parallax.schema.Tier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** Valid events with ids a test can predict. */
public final class TestEvents {

    private TestEvents() {
    }

    /** The id of the {@code i}-th event of a numbered series: the same in every process. */
    public static String eventId(String series, int i) {
        return UUID.nameUUIDFromBytes((series + "/" + i).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static InferenceEvent inference(String series, int i, String deviceId) {
        return InferenceEvent.newBuilder()
                .setEventId(eventId(series, i))
                .setEventTime(1_767_225_600_000L + i)
                .setRunId("run-" + series)
                .setTestId("classifies-golden-set")
                .setModelName("mobilenet-v3-small")
                .setModelVersion("1.0")
                .setPrecision(Precision.INT8)
                .setTier(Tier.EDGE)
                .setDeviceId(deviceId)
                .setDeviceClass("pi5-hailo8l")
                .setRuntime("hailort")
                .setInputId("img-" + (i % 100))
                .setLatencyMs(25.0 + i % 50)
                .setStatus(Status.OK)
                .setOutputs(List.of(0.1f, 2.5f, -1.0f, 0.7f))
                .setOutputKind(OutputKind.LOGITS)
                .build();
    }
}
