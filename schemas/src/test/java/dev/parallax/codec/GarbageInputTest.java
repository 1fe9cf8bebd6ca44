package dev.parallax.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.schema.InferenceEvent;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * Whatever the bytes, decode returns a result and no exception: random bytes, mutations and truncations of
 * valid records, and hand-made hostile lengths. The codec's last-resort guard ("undecodable record") must
 * never be needed either: every rejection is explained by the code that understands it.
 */
class GarbageInputTest {

    private static final long SEED = 0x5EED_C0DECL;
    private final EventCodec<InferenceEvent> codec = EventCodec.inference();

    private void assertHandled(byte[] raw, String what) {
        DecodeResult<InferenceEvent> result = codec.decode(raw);
        assertNotNull(result, what);
        if (result instanceof DecodeResult.Rejected<InferenceEvent>(String reason)) {
            assertFalse(reason.isBlank(), what);
            assertFalse(reason.startsWith("undecodable record"), () -> what + " needed the guard: " + reason);
        }
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(SEED);
        byte[] header = Arrays.copyOf(codec.encodeAvro(Events.inference()), SingleObjectReader.HEADER_LENGTH);
        for (int i = 0; i < 30_000; i++) {
            byte[] raw = new byte[random.nextInt(600)];
            random.nextBytes(raw);
            switch (i % 3) {
                case 0 -> System.arraycopy(header, 0, raw, 0, Math.min(raw.length, header.length)); // known schema
                case 1 -> { if (raw.length > 0) raw[0] = '{'; }
                default -> { }
            }
            assertHandled(raw, "random #" + i);
        }
    }

    @Test
    void mutatedAvroNeverThrows() {
        Random random = new Random(SEED + 1);
        byte[] valid = codec.encodeAvro(Events.inference());
        for (int i = 0; i < 30_000; i++) {
            byte[] raw = valid.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                raw[SingleObjectReader.HEADER_LENGTH + random.nextInt(raw.length - SingleObjectReader.HEADER_LENGTH)]
                        = (byte) random.nextInt(256);
            }
            if (random.nextBoolean()) {
                raw = Arrays.copyOf(raw, SingleObjectReader.HEADER_LENGTH + random.nextInt(raw.length));
            }
            assertHandled(raw, "mutation #" + i);
        }
    }

    @Test
    void mutatedJsonNeverThrows() {
        Random random = new Random(SEED + 2);
        byte[] valid = codec.encodeJson(Events.inference());
        byte[] alphabet = "{}[]\",:0123456789.eE-+ntrufalsNIy\\ \u00e9".getBytes(UTF_8);
        for (int i = 0; i < 15_000; i++) {
            byte[] raw = valid.clone();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                raw[random.nextInt(raw.length)] = random.nextInt(4) == 0
                        ? (byte) random.nextInt(256)
                        : alphabet[random.nextInt(alphabet.length)];
            }
            if (random.nextInt(4) == 0) {
                raw = Arrays.copyOf(raw, 1 + random.nextInt(raw.length));
            }
            assertHandled(raw, "json mutation #" + i);
        }
    }

    /** A body that declares a gigabyte string must be refused before Avro allocates it. */
    @Test
    void hugeDeclaredStringLengthIsRefusedBeforeAllocation() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(body, null);
        encoder.writeLong(1L << 30); // event_id length: 1 GiB
        encoder.flush();
        String reason = rejectedWithBody(body.toByteArray());
        assertEquals("truncated Avro record (written with InferenceEvent v1 (fingerprint 0x%016X)): string of 1073741824 bytes but only 0 left"
                .formatted(EventKind.INFERENCE.history().latest().fingerprint()), reason);
    }

    /** Same for an array that declares two billion items in a negative-count block (count + byte size). */
    @Test
    void hugeDeclaredArrayCountIsRefusedBeforeAllocation() throws Exception {
        InferenceEvent event = Events.inference();
        event.setOutputs(java.util.List.of(1f));
        byte[] valid = codec.encodeAvro(event);
        // outputs: union index 1 (0x02), block count 1 (0x02), float 1.0 (00 00 80 3F), end (0x00)
        byte[] pattern = {0x02, 0x02, 0x00, 0x00, (byte) 0x80, 0x3F, 0x00};
        int at = indexOf(valid, pattern);
        assertTrue(at > 0, "outputs found in the encoding");
        ByteArrayOutputStream hostile = new ByteArrayOutputStream();
        hostile.write(valid, 0, at + 1);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(hostile, null);
        encoder.writeLong(-2_000_000_000L); // negative count: a block with its byte size next
        encoder.writeLong(4);
        encoder.flush();
        hostile.write(valid, at + 2, valid.length - at - 2);
        String reason = assertInstanceOf(DecodeResult.Rejected.class, codec.decode(hostile.toByteArray())).reason();
        assertTrue(reason.contains("block of 2000000000 items but only"), reason);
    }

    private String rejectedWithBody(byte[] body) {
        byte[] raw = Arrays.copyOf(codec.encodeAvro(Events.inference()), SingleObjectReader.HEADER_LENGTH + body.length);
        System.arraycopy(body, 0, raw, SingleObjectReader.HEADER_LENGTH, body.length);
        return assertInstanceOf(DecodeResult.Rejected.class, codec.decode(raw)).reason();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
