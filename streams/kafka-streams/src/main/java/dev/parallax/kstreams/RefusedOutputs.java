package dev.parallax.kstreams;

import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;

/**
 * An output the broker refuses (too large, a timestamp it will not take, ...) becomes a dead letter with the
 * reason instead of stopping the task, which would restart into the same record for ever: no single input may
 * stop the analytics. Retriable errors are retried as by default; a dead letter that is refused itself is
 * dropped with a log line rather than looping.
 *
 * <p>The dead letter keeps the first {@value #KEPT_BYTES} bytes of the refused output (what made it too large
 * is then in the raw table of the event behind it) and names the input record that caused it.
 */
public final class RefusedOutputs implements ProductionExceptionHandler {

    static final int KEPT_BYTES = 64 * 1024;

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) return Response.retry();
        String reason = "the broker refused an output to " + record.topic() + ": " + exception;
        if (record.topic().equals(Topics.DEAD_LETTER)) {
            System.err.println("analytics: dropped a dead letter the broker refused (" + exception + ")");
            return Response.resume();
        }
        byte[] value = record.value() == null ? new byte[0] : record.value();
        DeadLetter letter = DeadLetter.fromKafka(context.topic(), context.partition(), context.offset(),
                System.currentTimeMillis(), value.length > KEPT_BYTES
                        ? reason + " (" + value.length + " bytes, the first " + KEPT_BYTES + " kept)" : reason,
                Arrays.copyOf(value, Math.min(value.length, KEPT_BYTES)));
        return Response.resume(List.of(new ProducerRecord<>(Topics.DEAD_LETTER, null, System.currentTimeMillis(),
                letter.deadLetterId().getBytes(StandardCharsets.UTF_8), letter.toJson())));
    }
}
