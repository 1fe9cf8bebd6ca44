package dev.parallax.sink;

import java.util.Map;
import java.util.Objects;

/**
 * One row for a warehouse table: values by column name. Values are plain Java (String, Number, Boolean,
 * UUID, Instant, float[], List, Map) or JSON-shaped (numbers for times, strings for UUIDs); the table's
 * {@link TableWriter} converts them to what its column types need.
 */
public record TableRow(String table, Map<String, Object> values) {
    public TableRow {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(values, "values");
    }
}
