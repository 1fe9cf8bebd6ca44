package dev.parallax.sink;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.contract.Tables;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Alert records into {@code alerts}: a record holds the alert's state, under the table's column names, and the
 * event that changed it (which the alert log reads back from the topic and the table has no columns for), so
 * the table's writer takes the columns it has. Not yet a typed {@code DerivedTable} row: the alert record is
 * written by the alert center, outside the stream jobs.
 */
final class AlertRows implements RowMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    @Override
    public Optional<TableRow> map(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Optional.of(new TableRow(Tables.ALERTS, JSON.readValue(record.value(), OBJECT)));
        } catch (IOException e) {
            throw new IllegalArgumentException("an alert record is not a JSON object: " + e.getMessage());
        }
    }
}
