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
        DeadLetter letter = DeadLetter.fromJson(record.value());
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
        return Optional.of(new TableRow(Tables.DEAD_LETTERS, values));
    }
}
