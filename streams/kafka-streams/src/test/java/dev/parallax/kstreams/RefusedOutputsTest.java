package dev.parallax.kstreams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class RefusedOutputsTest {

    private final RefusedOutputs handler = new RefusedOutputs();

    @Test
    void aRefusedOutputBecomesADeadLetterNamingItsInputAndTheTaskGoesOn() {
        byte[] row = "{\"window_start\":1}".getBytes(StandardCharsets.UTF_8);
        Response response = handler.handleError(new Input(Topics.INFERENCE, 2, 41),
                new ProducerRecord<>(Topics.LATENCY, "k".getBytes(StandardCharsets.UTF_8), row),
                new InvalidTimestampException("timestamp 4102444800000 is out of range"));

        assertEquals(Result.RESUME, response.result());
        ProducerRecord<byte[], byte[]> letter = response.deadLetterQueueRecords().getFirst();
        assertEquals(Topics.DEAD_LETTER, letter.topic());
        assertTrue(letter.timestamp() > 0, "stamped with the wall clock, which the broker accepts");
        DeadLetter parsed = DeadLetter.fromJson(letter.value());
        assertEquals(Topics.INFERENCE + "/2/41", parsed.deadLetterId());
        assertTrue(parsed.reason().contains(Topics.LATENCY) && parsed.reason().contains("out of range"), parsed.reason());
        assertEquals("{\"window_start\":1}", parsed.rawText());
    }

    @Test
    void anOutputTooLargeKeepsItsBeginningAndSaysSo() {
        byte[] huge = new byte[RefusedOutputs.KEPT_BYTES * 3];
        Response response = handler.handleError(new Input(Topics.DEVICE, 0, 7),
                new ProducerRecord<>(Topics.THROTTLE, null, huge), new RecordTooLargeException("too large"));
        DeadLetter parsed = DeadLetter.fromJson(response.deadLetterQueueRecords().getFirst().value());
        assertEquals(RefusedOutputs.KEPT_BYTES, parsed.raw().length);
        assertTrue(parsed.reason().contains(huge.length + " bytes"), parsed.reason());
    }

    @Test
    void retriableErrorsAreRetriedAndARefusedDeadLetterDoesNotLoop() {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.LATENCY, null, new byte[1]);
        assertEquals(Result.RETRY, handler.handleError(new Input(Topics.INFERENCE, 0, 1), record,
                new TimeoutException("broker busy")).result());
        Response deadLetter = handler.handleError(new Input(Topics.INFERENCE, 0, 1),
                new ProducerRecord<>(Topics.DEAD_LETTER, null, new byte[1]), new RecordTooLargeException("too large"));
        assertEquals(Result.RESUME, deadLetter.result());
        assertTrue(deadLetter.deadLetterQueueRecords().isEmpty());
    }

    /** The input record being processed when the output was refused. */
    private record Input(String topic, int partition, long offset) implements ErrorHandlerContext {
        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "latency-windows";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, partition);
        }

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public byte[] sourceRawKey() {
            return null;
        }

        @Override
        public byte[] sourceRawValue() {
            return null;
        }
    }
}
