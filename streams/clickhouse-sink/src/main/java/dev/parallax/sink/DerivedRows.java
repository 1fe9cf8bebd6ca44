package dev.parallax.sink;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Derived records (latency windows, throttle episodes, divergence pairs and windows, alerts) into their
 * tables. On the derived topics each record is a JSON object whose field names are its table's columns, so
 * users reading the topics and the tables see the same names.
 */
final class DerivedRows implements RowMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final Function<Map<String, Object>, String> table;

    /** @param table which table a record's values go to (fixed per topic, or chosen by a field) */
    DerivedRows(Function<Map<String, Object>, String> table) {
        this.table = table;
    }

    @Override
    public Optional<TableRow> map(ConsumerRecord<byte[], byte[]> record) {
        try {
            Map<String, Object> values = JSON.readValue(record.value(), OBJECT);
            return Optional.of(new TableRow(table.apply(values), values));
        } catch (IOException e) {
            // Parallax wrote this record itself: a parse failure is a bug, not bad input.
            throw new UncheckedIOException("derived record at " + record.topic() + "/" + record.partition() + "/"
                    + record.offset() + " is not a JSON object", e);
        }
    }
}
