package dev.parallax.sink;

import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns a record of one topic into the row of the warehouse table that holds its fact. */
public interface RowMapper {

    /** The row, or empty when the record has no place in the warehouse (it is then skipped). */
    Optional<TableRow> map(ConsumerRecord<byte[], byte[]> record);
}
