package dev.parallax.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads one JSON object into a record of an Avro schema, field by field by name and type, so the JSON form of
 * an event can never drift from its Avro form.
 *
 * <p>Mapping: strings; enums as their symbol; int/long from JSON integers (a fraction or an out-of-range
 * integer is an error); float/double from any JSON number including the {@code NaN}/{@code Infinity} tokens
 * Python's {@code json.dumps} emits (semantic validation then says why they are wrong); arrays; maps and nested
 * records as objects; {@code ["null", T]} unions from {@code null} or a T. An absent field, or {@code null} for a
 * non-nullable one, takes the schema default, else it is a missing required field (a nested one by its path,
 * {@code tests[2].outcome}).
 *
 * <p>Unknown fields are ignored, like an Avro reader ignores writer fields it does not know: a producer on a
 * newer schema version keeps working against an older consumer.
 */
final class JsonRecordReader {

    private final Schema schema;
    private final SpecificData data;

    JsonRecordReader(Schema schema, SpecificData data) {
        requireSupported(schema, schema.getName());
        this.schema = schema;
        this.data = data;
    }

    private static void requireSupported(Schema record, String path) {
        for (Schema.Field field : record.getFields()) {
            requireSupportedValue(field.schema(), path + "." + field.name());
        }
    }

    private static void requireSupportedValue(Schema s, String path) {
        switch (s.getType()) {
            case STRING, INT, LONG, FLOAT, DOUBLE, BOOLEAN, ENUM -> {
            }
            case ARRAY -> requireSupportedValue(s.getElementType(), path + "[]");
            case MAP -> requireSupportedValue(s.getValueType(), path + "{}");
            case RECORD -> requireSupported(s, path);
            case UNION -> requireSupportedValue(optionalType(s, path), path);
            default -> throw new IllegalArgumentException("JSON mapping does not support " + s.getType() + " at " + path);
        }
    }

    private static Schema optionalType(Schema union, String path) {
        List<Schema> types = union.getTypes();
        if (types.size() != 2 || types.get(0).getType() != Schema.Type.NULL) {
            throw new IllegalArgumentException("JSON mapping supports only [\"null\", T] unions, not " + union + " at " + path);
        }
        return types.get(1);
    }

    // Paths name a value in messages ("outputs[17]"); they are built only when there is something to report.

    /**
     * Reads the object the parser is positioned before. Returns the record, or null when {@code violations}
     * says why it is not one. Syntax errors surface as Jackson exceptions for the caller to describe.
     */
    SpecificRecord read(JsonParser parser, Violations violations) throws IOException {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
            violations.add("expected a JSON object (was " + describe(parser) + ")");
            return null;
        }
        SpecificRecord record = fields(schema, "", parser, violations);
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            violations.add("trailing content after the JSON object at line " + parser.currentTokenLocation().getLineNr()
                    + " column " + parser.currentTokenLocation().getColumnNr() + " (" + describe(parser) + ")");
        }
        return violations.isEmpty() ? record : null;
    }

    /** The fields of the object the parser is in (its START_OBJECT read), up to its END_OBJECT. */
    private SpecificRecord fields(Schema recordSchema, String prefix, JsonParser parser, Violations violations)
            throws IOException {
        SpecificRecord record = (SpecificRecord) data.newRecord(null, recordSchema);
        boolean[] seen = new boolean[recordSchema.getFields().size()];
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            Schema.Field field = recordSchema.getField(parser.currentName());
            parser.nextToken();
            if (field == null) {
                parser.skipChildren();
                continue;
            }
            seen[field.pos()] = true;
            if (parser.currentToken() == JsonToken.VALUE_NULL && field.schema().getType() != Schema.Type.UNION) {
                seen[field.pos()] = false; // null for a required field means the same as leaving it out
                continue;
            }
            Object value = value(field.schema(), () -> prefix + field.name(), parser, violations);
            if (value != null) { // null here is a violation already recorded; primitive fields cannot hold it
                record.put(field.pos(), value);
            }
        }
        for (Schema.Field field : recordSchema.getFields()) {
            if (!seen[field.pos()]) {
                if (field.hasDefaultValue()) {
                    record.put(field.pos(), data.getDefaultValue(field));
                } else {
                    violations.missing(prefix + field.name());
                }
            }
        }
        return record;
    }

    private Object value(Schema s, Supplier<String> path, JsonParser p, Violations v) throws IOException {
        JsonToken t = p.currentToken();
        return switch (s.getType()) {
            case UNION -> t == JsonToken.VALUE_NULL ? null : value(s.getTypes().get(1), path, p, v);
            case STRING -> t == JsonToken.VALUE_STRING ? p.getText() : mismatch(path, "a string", p, v);
            case BOOLEAN -> t.isBoolean() ? p.getBooleanValue() : mismatch(path, "true or false", p, v);
            case INT -> t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                    ? p.getIntValue() : mismatch(path, "a 32-bit integer", p, v);
            case LONG -> t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                    ? p.getLongValue() : mismatch(path, "a 64-bit integer", p, v);
            case FLOAT -> t.isNumeric() ? p.getFloatValue() : mismatch(path, "a number", p, v);
            case DOUBLE -> t.isNumeric() ? p.getDoubleValue() : mismatch(path, "a number", p, v);
            case ENUM -> enumValue(s, path, p, v);
            case ARRAY -> arrayValue(s, path, p, v);
            case MAP -> mapValue(s, path, p, v);
            case RECORD -> t == JsonToken.START_OBJECT ? fields(s, path.get() + ".", p, v) : mismatch(path, "an object", p, v);
            default -> throw new IllegalStateException("unsupported type " + s.getType()); // excluded by constructor
        };
    }

    private Object enumValue(Schema s, Supplier<String> path, JsonParser p, Violations v) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return mismatch(path, "one of " + String.join(", ", s.getEnumSymbols()), p, v);
        }
        String symbol = p.getText();
        if (!s.hasEnumSymbol(symbol)) {
            v.add("unknown %s '%s' (expected one of %s)".formatted(path.get(), symbol, String.join(", ", s.getEnumSymbols())));
            return null;
        }
        return data.createEnum(symbol, s);
    }

    private Object arrayValue(Schema s, Supplier<String> path, JsonParser p, Violations v) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            return mismatch(path, "an array", p, v);
        }
        List<Object> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int index = items.size();
            items.add(value(s.getElementType(), () -> path.get() + "[" + index + "]", p, v));
        }
        return items;
    }

    private Object mapValue(Schema s, Supplier<String> path, JsonParser p, Violations v) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return mismatch(path, "an object", p, v);
        }
        Map<String, Object> entries = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            entries.put(key, value(s.getValueType(), () -> path.get() + "." + key, p, v));
        }
        return entries;
    }

    private static Object mismatch(Supplier<String> path, String expected, JsonParser p, Violations v)
            throws IOException {
        v.add(path.get() + " must be " + expected + " (was " + describe(p) + ")");
        p.skipChildren();
        return null;
    }

    private static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "string \"" + abbreviate(p.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> abbreviate(p.getText());
            case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> p.getText();
            default -> t.asString() != null ? t.asString() : t.name();
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
