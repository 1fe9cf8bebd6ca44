package dev.parallax.flink;

import dev.parallax.codec.EventCodec;
import dev.parallax.contract.Topics;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.OutputKind;
import dev.parallax.schema.Precision;
import dev.parallax.schema.Status;
import dev.parallax.schema.Tier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A recorded event log for parity, replay and benchmark runs, on one partition of each input topic with the
 * event times as record timestamps:
 * <ul>
 *   <li>inferences of three latency keys (edge INT8, edge FP16, cloud FP32) in event-time order, Avro and JSON
 *       mixed, about 1 % errors;
 *   <li>for divergence, the INT8 edge and FP32 cloud inferences of each step share an input id and carry
 *       logits (the INT8 ones slightly off); at step {@link #MISMATCHED_STEP} the INT8 logits are one short,
 *       which the pairing refuses as a dead letter;
 *   <li>one device sample a second of {@link #HOT_DEVICE}, which heats past 80 °C for {@link #HOT_SECONDS} s
 *       from second {@link #HEAT_FROM_SECOND} and cools: one throttle episode, its inferences affected;
 *   <li>SPEC §3a traffic for a fourth latency key (test {@link #UPLOAD_TEST}): a device whose clock runs 20
 *       minutes ahead of the others, then a 10-minute run of three devices uploaded at once in shuffled order,
 *       keyed by device over all partitions, a tenth of it resent;
 *   <li>bad records for the dead-letter path.
 * </ul>
 * Every event counts once in its window in either engine, whatever partition or order it comes in.
 */
final class EventLog {

    /** 2026-11-22T10:00:00Z: in the past of the test machine, so no event is refused as being in the future. */
    static final long T0 = 1_795_341_600_000L;
    static final int BAD_RECORDS = 4;
    static final int MISMATCHED_STEP = 500;
    static final String HOT_DEVICE = "pi5-00";
    static final int HEAT_FROM_SECOND = 40;
    static final int HOT_SECONDS = 30;
    static final String UPLOAD_TEST = "upload";
    /** The uploaded run's events (a second apart), those resent, and the events of the device ahead. */
    static final int UPLOADED = 600;
    static final int RESENT = 60;
    static final int AHEAD = 60;
    /** Latency windows of the upload key: the run's ten minutes and the minute of the device ahead. */
    static final int UPLOAD_WINDOWS = 11;
    private static final int LOGITS = 10;

    private static final EventCodec<InferenceEvent> CODEC = EventCodec.inference();
    private static final EventCodec<DeviceSample> DEVICE_CODEC = EventCodec.deviceSample();

    private EventLog() {
    }

    /**
     * Produces {@code events} inferences {@code spacingMs} apart per key with the hot device's samples among
     * them, then the bad records; returns how many records the input topics got.
     */
    static long produce(KafkaProducer<byte[], byte[]> producer, int events, long spacingMs) {
        long records = 0;
        long nextSample = T0;
        for (int i = 0; i < events; i++) {
            long time = T0 + i * spacingMs;
            for (; nextSample <= time; nextSample += 1_000, records++) sendSample(producer, nextSample);
            String input = "img-" + i;
            send(producer, inference(time, i, "pi5-0" + i % 4, "pi5-hailo8l", Tier.EDGE, Precision.INT8, 20 + (i * 7919) % 80)
                    .setInputId(input).setOutputKind(OutputKind.LOGITS).setOutputs(logits(i, true)).build());
            send(producer, inference(time + 1, i, "orin-0" + i % 3, "jetson-orin-nano", Tier.EDGE, Precision.FP16, 8 + (i * 104729) % 40 / 3.0).build());
            send(producer, inference(time + 2, i, "a10g-" + i % 2, "cloud-a10g", Tier.CLOUD, Precision.FP32, 2 + (i % 13) * 0.25)
                    .setInputId(input).setOutputKind(OutputKind.LOGITS).setOutputs(logits(i, false)).build());
            records += 3;
        }
        records += produceUpload(producer);
        byte[][] bad = {"{not json".getBytes(StandardCharsets.UTF_8), {(byte) 0xC3, 0x01, 1, 2},
                "{\"event_id\":\"x\"}".getBytes(StandardCharsets.UTF_8), new byte[0]};
        for (byte[] record : bad) producer.send(new ProducerRecord<>(Topics.INFERENCE, record));
        producer.flush();
        return records + bad.length;
    }

    /** The upload key's traffic (see the class comment); returns how many records it sent. */
    private static long produceUpload(KafkaProducer<byte[], byte[]> producer) {
        for (int i = 0; i < AHEAD; i++) {
            sendKeyed(producer, upload(T0 + 20 * 60_000 + i * 1_000, "pi5-ahead", 30 + i % 7));
        }
        List<InferenceEvent> run = new ArrayList<>();
        for (int i = 0; i < UPLOADED; i++) run.add(upload(T0 + i * 1_000L, "pi5-up-" + i % 3, 20 + (i * 31) % 50));
        Collections.shuffle(run, new Random(7));
        run.forEach(event -> sendKeyed(producer, event));
        run.subList(0, RESENT).forEach(event -> sendKeyed(producer, event));
        return AHEAD + UPLOADED + RESENT;
    }

    private static InferenceEvent upload(long time, String device, double latencyMs) {
        return inference(time, 1, device, "pi5-hailo8l", Tier.EDGE, Precision.INT8, latencyMs).setTestId(UPLOAD_TEST).build();
    }

    /** Sent keyed by device with the producer's partitioner, as the SDK and the collector do. */
    private static void sendKeyed(KafkaProducer<byte[], byte[]> producer, InferenceEvent event) {
        producer.send(new ProducerRecord<>(Topics.INFERENCE, event.getDeviceId().getBytes(StandardCharsets.UTF_8),
                CODEC.encodeAvro(event)));
    }

    /** Inferences of the quantized candidate: paired with their reference, all but {@link #MISMATCHED_STEP}. */
    static int pairs(int events) {
        return events - 1;
    }

    /** Logits of input {@code i}; the quantized ones off by a small step that depends on the input. */
    private static List<Float> logits(int i, boolean quantized) {
        int length = quantized && i == MISMATCHED_STEP ? LOGITS - 1 : LOGITS;
        List<Float> logits = new ArrayList<>(length);
        for (int k = 0; k < length; k++) {
            float exact = (float) Math.sin(i * 0.37 + k * 1.3) * 4;
            logits.add(quantized ? Math.round(exact * 16) / 16f : exact);
        }
        return logits;
    }

    private static void sendSample(KafkaProducer<byte[], byte[]> producer, long time) {
        long second = (time - T0) / 1_000;
        boolean hot = second >= HEAT_FROM_SECOND && second < HEAT_FROM_SECOND + HOT_SECONDS;
        DeviceSample sample = DeviceSample.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes((HOT_DEVICE + "/sample/" + time).getBytes(StandardCharsets.UTF_8)).toString())
                .setEventTime(time)
                .setDeviceId(HOT_DEVICE)
                .setDeviceClass("pi5-hailo8l")
                .setTier(Tier.EDGE)
                .setTemperatureC(hot ? 86.0 + second % 3 : 60.0 + second % 5)
                .build();
        producer.send(new ProducerRecord<>(Topics.DEVICE, 0, time, HOT_DEVICE.getBytes(StandardCharsets.UTF_8),
                DEVICE_CODEC.encodeAvro(sample)));
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, InferenceEvent event) {
        byte[] value = event.getEventTime() % 2 == 0 ? CODEC.encodeAvro(event) : CODEC.encodeJson(event);
        producer.send(new ProducerRecord<>(Topics.INFERENCE, 0, event.getEventTime(),
                event.getDeviceId().getBytes(StandardCharsets.UTF_8), value));
    }

    private static InferenceEvent.Builder inference(long time, int i, String device, String deviceClass, Tier tier,
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
                .setAttributes(Map.of());
    }
}
