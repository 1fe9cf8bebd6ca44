package dev.parallax.kstreams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.parallax.codec.Limits;
import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The timestamp of a raw input record inside the job: its event time, read without decoding the event, but
 * never later than the record's broker timestamp (its arrival, SPEC §3a).
 *
 * <p>Event time orders the partitions of a task (the same partition of the inference, device and run topics),
 * so a backlog whose inferences and device samples were uploaded minutes apart still reaches a device's
 * throttle detector in event-time order. Capping it at the arrival keeps every record the job writes
 * (repartitions, changelogs, dead letters) within what the broker accepts, whatever a device's clock says
 * (a broker refuses timestamps more than an hour ahead of its own clock, on every topic), and tells the
 * decoder the arrival of an event whose clock runs ahead: its timestamp then is the arrival itself.
 *
 * <p>Avro single-object encoding: every version of every input schema starts with {@code event_id} (a string)
 * then {@code event_time} (a long), so the time is the zigzag varint after the 10-byte header and the id.
 * JSON: the top-level {@code "event_time"} number, found by a streaming scan. A record where neither works
 * (it is dead-lettered by the decoder anyway), or whose time is before 2000 (refused too), keeps its broker
 * timestamp; a record without one (-1) takes the partition's time so far.
 */
final class EventTimeExtractor implements TimestampExtractor {

    private static final int AVRO_HEADER = 10;
    private static final byte AVRO_MAGIC_0 = (byte) 0xC3;
    private static final byte AVRO_MAGIC_1 = 0x01;
    private static final long NONE = -1;

    private final JsonFactory json = new JsonFactory();

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long arrival = record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
        long eventTime = record.value() instanceof byte[] raw ? eventTime(raw) : NONE;
        // A time before any valid event's is refused by the decoder: its dead letter keeps the arrival.
        return eventTime >= Limits.EARLIEST_EVENT_TIME_MS ? Math.min(eventTime, arrival) : arrival;
    }

    /** The event time in {@code raw}, or a negative number when there is none to read. */
    long eventTime(byte[] raw) {
        return raw.length > 1 && raw[0] == AVRO_MAGIC_0 && raw[1] == AVRO_MAGIC_1 ? avroEventTime(raw) : jsonEventTime(raw);
    }

    private static long avroEventTime(byte[] raw) {
        Varint in = new Varint(raw, AVRO_HEADER);
        long idLength = in.next();
        if (idLength < 0 || idLength > raw.length - in.position) return NONE;
        in.position += (int) idLength;
        return in.next();
    }

    private long jsonEventTime(byte[] raw) {
        try (JsonParser parser = json.createParser(raw)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) return NONE;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean eventTime = parser.currentName().equals("event_time");
                JsonToken value = parser.nextToken();
                if (eventTime) {
                    return value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                            ? parser.getLongValue() : NONE;
                }
                parser.skipChildren();
            }
            return NONE;
        } catch (IOException e) {
            return NONE;
        }
    }

    /** Reads Avro's zigzag varints; {@link #next} is {@link #NONE} once the bytes run out or are malformed. */
    private static final class Varint {
        private final byte[] bytes;
        private int position;

        Varint(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        long next() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= bytes.length) return NONE;
                byte b = bytes[position++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) return (value >>> 1) ^ -(value & 1);
            }
            return NONE;
        }
    }
}
