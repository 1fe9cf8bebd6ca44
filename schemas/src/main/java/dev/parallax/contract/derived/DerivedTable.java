package dev.parallax.contract.derived;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.contract.Tables;
import dev.parallax.contract.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A derived row type, defined once (SPEC §11): the topic its records travel on, the table that holds them, and its
 * columns, which are the components of its record type {@code R} in the table's order, named in snake case, each
 * with its ClickHouse type ({@link ColumnType}). The stream jobs write rows through {@link #toJson}, the sink reads
 * them through {@link #fromJson}, and {@code DerivedTablesTest} holds the columns to the migrations: renaming a
 * column in one place and not the others fails the build, not the dashboards.
 *
 * <p>On the topic a row is a JSON object of its columns, times as epoch milliseconds, a statistic of no values as
 * {@code null}, an infinite one as Jackson's {@code "Infinity"} string. Tables that share a topic (divergence pairs
 * and windows) add a {@code kind} field, which is not a column.
 *
 * @param <R> the row's record type
 */
public final class DerivedTable<R extends Record> {

    public static final DerivedTable<LatencyWindowRow> LATENCY_WINDOWS =
            new DerivedTable<>(Topics.LATENCY, Tables.LATENCY_WINDOWS, null, LatencyWindowRow.class);
    public static final DerivedTable<ThrottleEpisodeRow> THROTTLE_EPISODES =
            new DerivedTable<>(Topics.THROTTLE, Tables.THROTTLE_EPISODES, null, ThrottleEpisodeRow.class);
    public static final DerivedTable<DivergencePairRow> DIVERGENCE_PAIRS =
            new DerivedTable<>(Topics.DIVERGENCE, Tables.DIVERGENCE_PAIRS, "pair", DivergencePairRow.class);
    public static final DerivedTable<DivergenceWindowRow> DIVERGENCE_WINDOWS =
            new DerivedTable<>(Topics.DIVERGENCE, Tables.DIVERGENCE_WINDOWS, "window", DivergenceWindowRow.class);
    public static final List<DerivedTable<?>> ALL =
            List.of(LATENCY_WINDOWS, THROTTLE_EPISODES, DIVERGENCE_PAIRS, DIVERGENCE_WINDOWS);

    /** The field that tells tables sharing a topic apart. */
    public static final String KIND = "kind";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final String table;
    private final String kind;
    private final RecordComponent[] components;
    private final List<Column> columns;
    private final Set<String> columnNames;
    private final Constructor<R> constructor;

    private DerivedTable(String topic, String table, String kind, Class<R> type) {
        this.topic = topic;
        this.table = table;
        this.kind = kind;
        this.components = type.getRecordComponents();
        List<Column> columns = new ArrayList<>();
        for (RecordComponent component : components) {
            ColumnType columnType = component.getAnnotation(ColumnType.class);
            if (columnType == null) throw new IllegalStateException(type.getName() + "." + component.getName() + " has no @ColumnType");
            columns.add(new Column(snakeCase(component.getName()), columnType.value()));
        }
        this.columns = List.copyOf(columns);
        this.columnNames = columns.stream().map(Column::name).collect(Collectors.toUnmodifiableSet());
        try {
            this.constructor = type.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no canonical constructor", e);
        }
    }

    /** The derived tables whose rows travel on {@code topic}. */
    public static List<DerivedTable<?>> onTopic(String topic) {
        return ALL.stream().filter(table -> table.topic.equals(topic)).toList();
    }

    public String topic() {
        return topic;
    }

    public String table() {
        return table;
    }

    /** The value of {@link #KIND} that marks this table's rows, or null when the topic carries no other. */
    public String kind() {
        return kind;
    }

    public List<Column> columns() {
        return columns;
    }

    public byte[] toJson(R row) {
        ObjectNode json = JSON.createObjectNode();
        if (kind != null) json.put(KIND, kind);
        values(row).forEach((name, value) -> json.set(name, JSON.valueToTree(value)));
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The row of a record of this table.
     *
     * @throws IllegalArgumentException when the record is not this table's row: not a JSON object, a column
     *                                  missing or of the wrong type, a null in a column that holds no nulls, or a
     *                                  field that is no column
     */
    public R fromJson(byte[] bytes) {
        return fromJson(parse(bytes));
    }

    /** As {@link #fromJson(byte[])}, for a record already parsed (to read its {@link #KIND}, say). */
    public R fromJson(JsonNode json) {
        if (json == null || !json.isObject()) throw new IllegalArgumentException("not a JSON object");
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(KIND) && !columnNames.contains(name)) {
                throw new IllegalArgumentException(name + " is not a column of " + table);
            }
        }
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = columns.get(i).name();
            JsonNode value = json.get(name);
            if (value == null) throw new IllegalArgumentException(table + "." + name + " is missing");
            values[i] = value(components[i].getType(), name, value);
        }
        try {
            return constructor.newInstance(values);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot make a row of " + table, e);
        }
    }

    /**
     * A record's JSON tree.
     *
     * @throws IllegalArgumentException when the bytes are not JSON
     */
    public static JsonNode parse(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
    }

    /** The row's values by column name, in the table's order. */
    public Map<String, Object> values(R row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < components.length; i++) {
            try {
                values.put(columns.get(i).name(), components[i].getAccessor().invoke(row));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + table + "." + columns.get(i).name(), e);
            }
        }
        return values;
    }

    private Object value(Class<?> type, String name, JsonNode value) {
        if (value.isNull()) {
            if (type.isPrimitive()) throw new IllegalArgumentException(table + "." + name + " is null");
            return null;
        }
        if (type == String.class && value.isTextual()) return value.textValue();
        if ((type == long.class || type == Long.class) && value.canConvertToLong() && value.isIntegralNumber()) return value.longValue();
        if (type == int.class && value.canConvertToInt() && value.isIntegralNumber()) return value.intValue();
        if (type == double.class || type == Double.class) {
            if (value.isNumber()) return value.doubleValue();
            if (value.isTextual() && (value.textValue().equals("Infinity") || value.textValue().equals("-Infinity"))) {
                return Double.parseDouble(value.textValue());
            }
        }
        throw new IllegalArgumentException(table + "." + name + " is not a " + type.getSimpleName() + ": " + value);
    }

    static String snakeCase(String name) {
        StringBuilder snake = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) snake.append('_').append(Character.toLowerCase(c)); else snake.append(c);
        }
        return snake.toString();
    }

    @Override
    public String toString() {
        return table + " on " + topic;
    }
}
