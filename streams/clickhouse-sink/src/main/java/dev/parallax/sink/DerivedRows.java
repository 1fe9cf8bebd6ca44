package dev.parallax.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parallax.contract.derived.DerivedTable;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Derived records (latency windows, throttle episodes, divergence pairs and windows) into their tables, each read
 * as the typed row of its {@link DerivedTable}: a record that is not one (a column missing or mistyped, a field
 * that is no column) is refused with the reason, never written with zeros.
 */
final class DerivedRows implements RowMapper {

    private final List<DerivedTable<?>> tables;

    /** @param tables the derived tables of one topic; with several, each record's {@code kind} picks one */
    DerivedRows(List<DerivedTable<?>> tables) {
        this.tables = List.copyOf(tables);
    }

    @Override
    public Optional<TableRow> map(ConsumerRecord<byte[], byte[]> record) {
        JsonNode json = DerivedTable.parse(record.value());
        return Optional.of(row(table(json), json));
    }

    private DerivedTable<?> table(JsonNode json) {
        if (tables.size() == 1) return tables.getFirst();
        JsonNode field = json.path(DerivedTable.KIND);
        String kind = field.isTextual() ? field.textValue() : null;
        return tables.stream().filter(table -> table.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no derived table of kind " + kind + " on "
                        + tables.getFirst().topic()));
    }

    private static <R extends Record> TableRow row(DerivedTable<R> table, JsonNode json) {
        return new TableRow(table.table(), table.values(table.fromJson(json)));
    }
}
