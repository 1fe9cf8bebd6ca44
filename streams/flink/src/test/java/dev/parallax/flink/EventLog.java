package dev.parallax.flink;

import dev.parallax.codec.EventCodec;
import dev.parallax.contract.Topics;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.Precision;
import dev.parallax.schema.Status;
import dev.parallax.schema.Tier;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A recorded event log for parity, replay and benchmark runs: inferences of three latency keys (edge INT8,
 * edge FP16, cloud FP32) in event-time order, Avro and JSON mixed, about 1 % errors, spread over the input
 * inferences on one input partition, plus bad records for the dead-letter path. No event is late in either
 * engine: one partition is read in log order by both. (Spread over partitions, Kafka Streams' lateness depends
 * on how its input tasks happen to interleave their writes to the repartition topic, which moves its per-task
 * stream time; the same log then counts different events late from run to run.)
 */
final class EventLog {

    /** 2026-11-22T10:00:00Z: in the past of the test machine, so no event is refused as being in the future. */
    static final long T0 = 1_795_341_600_000L;
    static final int BAD_RECORDS = 4;

    private static final EventCodec<InferenceEvent> CODEC = EventCodec.inference();

    private EventLog() {
    }

    /** Produces {@code events} inferences {@code spacingMs} apart per key, then the bad records. */
    static void produce(KafkaProducer<byte[], byte[]> producer, int events, long spacingMs) {
        for (int i = 0; i < events; i++) {
            long time = T0 + i * spacingMs;
            send(producer, inference(time, i, "pi5-0" + i % 4, "pi5-hailo8l", Tier.EDGE, Precision.INT8, 20 + (i * 7919) % 80));
            send(producer, inference(time + 1, i, "orin-0" + i % 3, "jetson-orin-nano", Tier.EDGE, Precision.FP16, 8 + (i * 104729) % 40 / 3.0));
            send(producer, inference(time + 2, i, "a10g-" + i % 2, "cloud-a10g", Tier.CLOUD, Precision.FP32, 2 + (i % 13) * 0.25));
        }
        byte[][] bad = {"{not json".getBytes(StandardCharsets.UTF_8), {(byte) 0xC3, 0x01, 1, 2},
                "{\"event_id\":\"x\"}".getBytes(StandardCharsets.UTF_8), new byte[0]};
        for (byte[] record : bad) producer.send(new ProducerRecord<>(Topics.INFERENCE, record));
        producer.flush();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, InferenceEvent event) {
        byte[] value = event.getEventTime() % 2 == 0 ? CODEC.encodeAvro(event) : CODEC.encodeJson(event);
        producer.send(new ProducerRecord<>(Topics.INFERENCE, 0, event.getEventTime(),
                event.getDeviceId().getBytes(StandardCharsets.UTF_8), value));
    }

    private static InferenceEvent inference(long time, int i, String device, String deviceClass, Tier tier,
                                            Precision precision, double latencyMs) {
        boolean error = i % 97 == 13;
        return InferenceEvent.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes((device + "/" + time).getBytes(StandardCharsets.UTF_8)).toString())
                .setEventTime(time)
                .setRunId("run-1")
                .setTestId("mobilenet-smoke")
                .setModelName("mobilenet-v3")
                .setModelVersion("1.0")
                .setPrecision(precision)
                .setTier(tier)
                .setDeviceId(device)
                .setDeviceClass(deviceClass)
                .setRuntime("onnxruntime")
                .setLatencyMs(error ? null : latencyMs)
                .setStatus(error ? Status.ERROR : Status.OK)
                .setAttributes(Map.of())
                .build();
    }
}
