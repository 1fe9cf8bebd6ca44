package dev.parallax.collector;

import dev.parallax.codec.EventCodec;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.RunEvent;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * One kind of event the collector takes: its path, codec, Kafka key, which device it claims to come from (a device
 * token must belong to that device; run events name no device) and which run it writes to (device samples belong
 * to none).
 */
record EventRoute<T extends SpecificRecord>(String path, EventCodec<T> codec,
                                            Function<T, String> eventId,
                                            Function<T, String> key,
                                            Function<T, Optional<String>> device,
                                            Function<T, Optional<String>> run) {

    static EventRoute<InferenceEvent> inferenceEvents() {
        return new EventRoute<>("/v1/inference", EventCodec.inference(), InferenceEvent::getEventId,
                InferenceEvent::getDeviceId, e -> Optional.of(e.getDeviceId()), e -> Optional.of(e.getRunId()));
    }

    static EventRoute<DeviceSample> deviceSamples() {
        return new EventRoute<>("/v1/device", EventCodec.deviceSample(), DeviceSample::getEventId,
                DeviceSample::getDeviceId, s -> Optional.of(s.getDeviceId()), s -> Optional.empty());
    }

    static EventRoute<RunEvent> runEvents() {
        return new EventRoute<>("/v1/run", EventCodec.run(), RunEvent::getEventId, RunEvent::getRunId, r -> Optional.empty(),
                r -> Optional.of(r.getRunId()));
    }

    String topic() {
        return codec.kind().topic();
    }
}
