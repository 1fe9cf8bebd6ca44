package dev.parallax.sink;

import dev.parallax.codec.DecodeResult;
import dev.parallax.codec.EventCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Raw input events (SPEC §2) into their tables, one column per event field of the same name (an array of records, one
 * Nested column: {@code tests.test_id}, {@code tests.outcome}, ...). A record the
 * codec rejects is not written here: the stream job routes it to the dead-letter topic, whose rows arrive
 * through {@link DeadLetterRows}.
 *
 * <p>Where the table has an arrival column ({@link #RECEIVED_AT}), it gets the Kafka record's timestamp: the input
 * topics are {@code LogAppendTime}, so that is when the broker received the event, by the broker's clock, and a
 * device's clock offset is its event time minus it (SPEC §3a). A record without a timestamp (negative, e.g. one
 * built by hand) is taken as received at its event time.
 */
public final class InputEventRows<T extends SpecificRecord> implements RowMapper {

    /** The column of inference_events and device_samples that holds when the broker received the event. */
    public static final String RECEIVED_AT = "received_at";

    private final EventCodec<T> codec;
    private final String table;
    private final boolean arrival;

    /** Events into a table without an arrival column. */
    public InputEventRows(EventCodec<T> codec, String table) {
        this(codec, table, false);
    }

    /** @param arrival whether the table has the {@link #RECEIVED_AT} column, filled from the record's timestamp */
    public InputEventRows(EventCodec<T> codec, String table, boolean arrival) {
        this.codec = codec;
        this.table = table;
        this.arrival = arrival;
    }

    @Override
    public Optional<TableRow> map(ConsumerRecord<byte[], byte[]> record) {
        if (!(codec.decode(record.value()) instanceof DecodeResult.Accepted<T>(T event))) return Optional.empty();
        List<Schema.Field> fields = event.getSchema().getFields();
        Map<String, Object> values = HashMap.newHashMap(fields.size() + 1);
        for (Schema.Field field : fields) {
            Object value = event.get(field.pos());
            if (isRecordArray(field.schema())) {
                nested(field, (List<?>) value, values);
            } else {
                values.put(field.name(), plain(field.name(), value));
            }
        }
        if (arrival) {
            values.put(RECEIVED_AT, record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp())
                    : values.get("event_time"));
        }
        return Optional.of(new TableRow(table, values));
    }

    private static boolean isRecordArray(Schema schema) {
        return schema.getType() == Schema.Type.ARRAY && schema.getElementType().getType() == Schema.Type.RECORD;
    }

    /**
     * An array of records (RunEvent's {@code tests}) as ClickHouse's Nested column of the same name reads it: one
     * array per record field, {@code tests.test_id}, {@code tests.outcome}, ..., item i of each from record i.
     */
    private static void nested(Schema.Field field, List<?> records, Map<String, Object> values) {
        for (Schema.Field inner : field.schema().getElementType().getFields()) {
            List<Object> column = new ArrayList<>(records.size());
            for (Object record : records) {
                column.add(plain(inner.name(), ((IndexedRecord) record).get(inner.pos())));
            }
            values.put(field.name() + "." + inner.name(), column);
        }
    }

    /** Avro's runtime values as the plain Java values the table binds. */
    private static Object plain(String field, Object value) {
        if (value == null) return null;
        if (field.equals("event_id")) return UUID.fromString(value.toString());
        if (field.equals("event_time")) return Instant.ofEpochMilli((Long) value);
        if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof org.apache.avro.generic.GenericEnumSymbol<?>) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            float[] floats = new float[list.size()];
            for (int i = 0; i < floats.length; i++) floats[i] = ((Number) list.get(i)).floatValue();
            return floats;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, String> strings = new HashMap<>();
            map.forEach((k, v) -> strings.put(k.toString(), v == null ? null : v.toString()));
            return strings;
        }
        return value;
    }
}
