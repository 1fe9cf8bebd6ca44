package dev.parallax.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    @Test
    void textRecordsTravelAsTextAndRoundTrip() {
        byte[] raw = "{\"event_id\": \"x\", \"latency_ms\": NaN}".getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetter.fromKafka(Topics.INFERENCE, 2, 1234, 1_700_000_000_000L,
                "latency_ms must be a finite number ≥ 0 (was NaN)", raw);

        assertEquals("parallax.inference.v1/2/1234", letter.deadLetterId());
        String json = new String(letter.toJson(), StandardCharsets.UTF_8);
        assertEquals(true, json.contains("\"raw_encoding\":\"utf-8\""), json);
        assertEquals(letter, DeadLetter.fromJson(letter.toJson()));
    }

    @Test
    void binaryRecordsTravelAsBase64AndKeepEveryByte() {
        byte[] raw = {(byte) 0xC3, 0x01, (byte) 0xFF, 0x00, (byte) 0x80};
        DeadLetter letter = new DeadLetter("collector/abc", 5L, "collector/pi5-07", Topics.INFERENCE, null, null,
                "truncated Avro record", raw);

        assertNull(letter.rawText());
        DeadLetter back = DeadLetter.fromJson(letter.toJson());
        assertArrayEquals(raw, back.raw());
        assertNull(back.partition());
        assertNull(back.offset());
        assertEquals(letter, back);
    }

    @Test
    void somethingElseIsRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class,
                () -> DeadLetter.fromJson("not json".getBytes(StandardCharsets.UTF_8)));
    }
}
