package dev.parallax.sink;

import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.Tables;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Dead letters into {@code dead_letters}; the raw record is kept as UTF-8 text when it is text, else base64. */
final class DeadLetterRows implements RowMapper {

    @Override
    public Optional<TableRow> map(ConsumerRecord<byte[], byte[]> record) {
        return Optional.of(row(DeadLetter.fromJson(record.value())));
    }

    /**
     * The dead letter of a record the sink itself refused (a derived record that is not its table's row): no
     * single record stops the sink. Its id names the record's place with a {@code sink/} prefix, so reading the
     * record again after a crash rewrites the same row.
     */
    static TableRow refused(ConsumerRecord<byte[], byte[]> record, String reason) {
        String place = record.topic() + "/" + record.partition() + "/" + record.offset();
        return row(new DeadLetter("sink/" + place, record.timestamp(), "clickhouse-sink", record.topic(),
                record.partition(), record.offset(), reason, record.value() == null ? new byte[0] : record.value()));
    }

    private static TableRow row(DeadLetter letter) {
        Map<String, Object> values = new HashMap<>();
        values.put("dead_letter_id", letter.deadLetterId());
        values.put("received_at", Instant.ofEpochMilli(letter.receivedAt()));
        values.put("source", letter.source());
        values.put("topic", letter.topic());
        values.put("partition", letter.partition());
        values.put("offset", letter.offset());
        values.put("reason", letter.reason());
        String text = letter.rawText();
        values.put("raw", text != null ? text : "base64:" + Base64.getEncoder().encodeToString(letter.raw()));
        return new TableRow(Tables.DEAD_LETTERS, values);
    }
}
