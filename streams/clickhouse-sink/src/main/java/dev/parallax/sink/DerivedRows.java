package dev.parallax.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.contract.derived.DerivedTable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Derived records (latency windows, throttle episodes, divergence pairs and windows) into their tables, each read
 * as the typed row of its {@link DerivedTable}: a record that is not one (a column missing or mistyped, a field
 * that is no column) is refused with the reason, never written with zeros.
 */
final class DerivedRows implements RowMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<DerivedTable<?>> tables;

    /** @param tables the derived tables of one topic; with several, each record's {@code kind} picks one */
    DerivedRows(List<DerivedTable<?>> tables) {
        this.tables = List.copyOf(tables);
    }

    @Override
    public Optional<TableRow> map(ConsumerRecord<byte[], byte[]> record) {
        return Optional.of(row(table(record.value()), record.value()));
    }

    private DerivedTable<?> table(byte[] value) {
        if (tables.size() == 1) return tables.getFirst();
        String kind = kind(value);
        return tables.stream().filter(table -> table.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no derived table of kind " + kind + " on "
                        + tables.getFirst().topic()));
    }

    private static String kind(byte[] value) {
        try {
            JsonNode kind = JSON.readTree(value).path(DerivedTable.KIND);
            return kind.isTextual() ? kind.textValue() : null;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
    }

    private static <R extends Record> TableRow row(DerivedTable<R> table, byte[] value) {
        return new TableRow(table.table(), table.values(table.fromJson(value)));
    }
}
