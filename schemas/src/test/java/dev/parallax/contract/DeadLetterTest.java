package dev.parallax.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
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
    void aLetterTooBigIsTruncatedWithItsSizeAndHashAndASmallOneIsKeptWhole() throws Exception {
        byte[] small = "{\"x\": 1}".getBytes(StandardCharsets.UTF_8);
        DeadLetter whole = new DeadLetter("collector/a", 5L, "collector/pi5-07", Topics.INFERENCE, null, null, "why", small);
        assertSame(whole, whole.limitedTo(DeadLetter.MAX_JSON_BYTES));

        // Control characters are escaped as six JSON characters each: the JSON is far longer than the bytes.
        byte[] raw = ("{\"a\": \"" + "\u0001é".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = new DeadLetter("collector/b", 5L, "collector/pi5-07", Topics.INFERENCE, null, null,
                "record is " + raw.length + " bytes", raw).limitedTo(100_000);

        assertTrue(letter.toJson().length <= 100_000, "fits: " + letter.toJson().length);
        byte[] kept = letter.raw();
        assertTrue(kept.length > 10_000, "keeps what fits: " + kept.length);
        assertArrayEquals(Arrays.copyOf(raw, kept.length), kept);
        assertNotNull(letter.rawText(), "cut between characters: the kept bytes are still text");
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        assertEquals("record is %d bytes [raw truncated: first %d of %d bytes kept; sha256 of all %d bytes: %s]"
                .formatted(raw.length, kept.length, raw.length, raw.length, sha256), letter.reason());
    }

    @Test
    void somethingElseIsRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class,
                () -> DeadLetter.fromJson("not json".getBytes(StandardCharsets.UTF_8)));
    }
}
