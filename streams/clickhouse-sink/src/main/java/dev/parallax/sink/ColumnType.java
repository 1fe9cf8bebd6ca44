package dev.parallax.sink;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Converts a row value to what the JDBC driver binds for one ClickHouse column type.
 *
 * <p>Rows come from Avro records (already plain Java) and from JSON, where a time is epoch milliseconds, a
 * UUID is a string and a float array is a list of numbers. A missing value in a non-Nullable column becomes
 * the type's zero, as ClickHouse's own JSON input does for omitted fields.
 */
final class ColumnType {

    private ColumnType() {
    }

    /** The conversion for a type as DESCRIBE TABLE prints it, e.g. {@code LowCardinality(Nullable(String))}. */
    static UnaryOperator<Object> converter(String type) {
        String base = unwrap(type, "LowCardinality");
        boolean nullable = base.startsWith("Nullable(");
        base = unwrap(unwrap(base, "Nullable"), "LowCardinality");
        UnaryOperator<Object> convert = nonNull(base);
        Object zero = nullable ? null : zero(base);
        return value -> value == null ? zero : convert.apply(value);
    }

    private static UnaryOperator<Object> nonNull(String type) {
        if (type.startsWith("DateTime")) return ColumnType::instant;
        if (type.equals("UUID")) return v -> v instanceof UUID ? v : UUID.fromString(v.toString());
        if (type.startsWith("Float")) return v -> v instanceof Number ? v : Double.parseDouble(v.toString());
        if (type.equals("Bool") || type.startsWith("UInt8")) return v -> v instanceof Boolean b ? (b ? 1 : 0) : v;
        if (type.startsWith("Int") || type.startsWith("UInt")) {
            return v -> v instanceof Number ? v : Long.parseLong(v.toString());
        }
        if (type.startsWith("Array(")) {
            UnaryOperator<Object> element = converter(type.substring("Array(".length(), type.length() - 1));
            return v -> v instanceof List<?> list ? convertAll(list, element) : v;
        }
        if (type.startsWith("String") || type.startsWith("FixedString") || type.startsWith("Enum")) {
            return v -> v instanceof CharSequence ? v.toString() : v instanceof Map || v instanceof List ? v : v.toString();
        }
        return v -> v;
    }

    private static Object zero(String type) {
        if (type.startsWith("DateTime")) return Instant.EPOCH;
        if (type.equals("UUID")) return new UUID(0, 0);
        if (type.startsWith("Float")) return 0.0;
        if (type.startsWith("Int") || type.startsWith("UInt") || type.equals("Bool")) return 0;
        if (type.startsWith("Array(")) return List.of();
        if (type.startsWith("Map(")) return Map.of();
        return "";
    }

    private static Object instant(Object value) {
        if (value instanceof Instant) return value;
        if (value instanceof Number n) return Instant.ofEpochMilli(n.longValue());
        return Instant.ofEpochMilli(Long.parseLong(value.toString()));
    }

    private static List<Object> convertAll(List<?> values, UnaryOperator<Object> element) {
        List<Object> converted = new ArrayList<>(values.size());
        for (Object value : values) converted.add(element.apply(value));
        return converted;
    }

    private static String unwrap(String type, String wrapper) {
        return type.startsWith(wrapper + "(") && type.endsWith(")")
                ? type.substring(wrapper.length() + 1, type.length() - 1)
                : type;
    }
}
