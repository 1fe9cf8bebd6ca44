package dev.parallax.kstreams;

import static dev.parallax.kstreams.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.codec.EventCodec;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class EventTimeExtractorTest {

    /** When the broker appended the records: an hour after the events of these tests. */
    private static final long ARRIVAL = T0 + 3_600_000L;

    private final EventTimeExtractor extractor = new EventTimeExtractor();

    private long extract(byte[] value) {
        return extract(value, ARRIVAL, 0);
    }

    private long extract(byte[] value, long recordTimestamp, long partitionTime) {
        ConsumerRecord<Object, Object> record = new ConsumerRecord<>("t", 0, 0, recordTimestamp, TimestampType.LOG_APPEND_TIME,
                0, value == null ? 0 : value.length, null, value, new RecordHeaders(), Optional.empty());
        return extractor.extract(record, partitionTime);
    }

    @Test
    void readsTheEventTimeOfAvroAndJsonEvents() {
        InferenceEvent inference = TestEvents.inference(T0 + 123, 5).setEventId("a-longer-than-usual-event-id-" + "x".repeat(100)).build();
        DeviceSample sample = TestEvents.deviceSample("pi5-01", T0 + 456, 60);
        assertEquals(T0 + 123, extract(EventCodec.inference().encodeAvro(inference)));
        assertEquals(T0 + 123, extract(EventCodec.inference().encodeJson(inference)));
        assertEquals(T0 + 456, extract(EventCodec.deviceSample().encodeAvro(sample)));
        assertEquals(T0 + 456, extract(EventCodec.deviceSample().encodeJson(sample)));
        assertEquals(ARRIVAL, extract(("{\"event_id\":\"x\",\"event_time\":0}").getBytes(StandardCharsets.UTF_8)),
                "before 2000 the decoder refuses it: its dead letter keeps the arrival");
        assertEquals(T0, extract(("{\"nested\":{\"event_time\":1},\"list\":[1,{\"event_time\":2}],\"event_time\":" + T0 + "}")
                .getBytes(StandardCharsets.UTF_8)), "only the top-level field counts");
    }

    @Test
    void fallsBackToTheRecordTimestampWhenThereIsNoEventTimeToRead() {
        byte[] avro = EventCodec.inference().encodeAvro(TestEvents.inference(T0, 5).build());
        assertEquals(ARRIVAL, extract(Arrays.copyOf(avro, 12)), "truncated Avro");
        assertEquals(ARRIVAL, extract(new byte[] {(byte) 0xC3, 0x01}), "Avro header only");
        assertEquals(ARRIVAL, extract(EventCodec.inference().encodeAvro(TestEvents.inference(-5, 5).build())),
                "a negative time would make Kafka Streams drop the record");
        assertEquals(ARRIVAL, extract("{not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ARRIVAL, extract("{\"event_time\":\"2026-11-23T10:00:00Z\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ARRIVAL, extract("{\"event_time\":1e12}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ARRIVAL, extract("{\"event_time\":123456789012345678901234567890}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ARRIVAL, extract("[1,2]".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ARRIVAL, extract(new byte[] {0, 0, 0, 0, 7, 1, 2}));
        assertEquals(ARRIVAL, extract(new byte[0]));
        assertEquals(ARRIVAL, extract(null));
    }

    @Test
    void neverLaterThanTheArrivalWhateverTheDeviceClockSays() {
        EventCodec<InferenceEvent> codec = EventCodec.inference();
        assertEquals(ARRIVAL, extract(codec.encodeAvro(TestEvents.inference(ARRIVAL + 30L * 24 * 3_600_000, 5).build())),
                "a clock a month ahead");
        assertEquals(ARRIVAL, extract(codec.encodeJson(TestEvents.inference(Long.MAX_VALUE, 5).build())));
        assertEquals(ARRIVAL, extract(codec.encodeAvro(TestEvents.inference(ARRIVAL + 1, 5).build())));
        assertEquals(ARRIVAL - 1, extract(codec.encodeAvro(TestEvents.inference(ARRIVAL - 1, 5).build())));
    }

    @Test
    void aRecordWithoutBrokerTimestampTakesThePartitionTime() {
        byte[] avro = EventCodec.inference().encodeAvro(TestEvents.inference(T0, 5).build());
        assertEquals(T0, extract(avro, -1, ARRIVAL), "its event time, being earlier");
        assertEquals(ARRIVAL, extract(new byte[0], -1, ARRIVAL));
        assertEquals(0, extract(new byte[0], -1, -1), "never negative: Kafka Streams would drop the record");
    }
}
