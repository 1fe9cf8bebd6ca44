package dev.parallax.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Writes a record as the JSON object {@link JsonRecordReader} reads: wire field names, enums as symbols, times
 * as epoch milliseconds, nested records as objects. Null optional fields are left out. Non-finite floats are written as the bare
 * {@code NaN}/{@code Infinity} tokens Python also writes, so a record survives the round trip unchanged.
 */
final class JsonRecordWriter {

    private final Schema schema;

    JsonRecordWriter(Schema schema) {
        this.schema = schema;
    }

    void write(IndexedRecord record, JsonGenerator g) throws IOException {
        fields(schema, record, g);
    }

    private static void fields(Schema schema, IndexedRecord record, JsonGenerator g) throws IOException {
        g.writeStartObject();
        for (Schema.Field field : schema.getFields()) {
            Object value = record.get(field.pos());
            if (value != null) {
                g.writeFieldName(field.name());
                value(field.schema(), value, g);
            }
        }
        g.writeEndObject();
    }

    private static void value(Schema s, Object value, JsonGenerator g) throws IOException {
        switch (s.getType()) {
            case UNION -> value(s.getTypes().get(1), value, g);
            case STRING, ENUM -> g.writeString(value.toString());
            case BOOLEAN -> g.writeBoolean((Boolean) value);
            case INT -> g.writeNumber((Integer) value);
            case LONG -> g.writeNumber((Long) value);
            case FLOAT -> g.writeNumber((Float) value);
            case DOUBLE -> g.writeNumber((Double) value);
            case ARRAY -> {
                g.writeStartArray();
                for (Object item : (List<?>) value) {
                    value(s.getElementType(), item, g);
                }
                g.writeEndArray();
            }
            case MAP -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    g.writeFieldName(e.getKey().toString());
                    value(s.getValueType(), e.getValue(), g);
                }
                g.writeEndObject();
            }
            case RECORD -> fields(s, (IndexedRecord) value, g);
            default -> throw new IllegalArgumentException("unsupported type " + s.getType());
        }
    }
}
