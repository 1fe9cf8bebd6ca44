package dev.parallax.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.codec.DecodeResult;
import dev.parallax.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The codec's own rejections land in the class their reason belongs to. */
class ReasonClassTest {

    private static ReasonClass classOf(byte[] raw) {
        return ReasonClass.of(((DecodeResult.Rejected<?>) EventCodec.inference().decode(raw)).reason());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void framingAndSyntaxAreMalformed() {
        assertEquals(ReasonClass.MALFORMED, classOf(new byte[0]));
        assertEquals(ReasonClass.MALFORMED, classOf(new byte[] {0, 0, 0, 0, 7, 1}));
        assertEquals(ReasonClass.MALFORMED, classOf(utf8("{\"event_id\": ")));
        assertEquals(ReasonClass.MALFORMED, classOf(new byte[] {(byte) 0xC3, 0x01, 1}));
        assertEquals(ReasonClass.MALFORMED, classOf(new byte[] {'{', '"', (byte) 0xFF, '"', '}'}));
    }

    @Test
    void aWellFormedEventBreakingTheContractIsInvalid() {
        assertEquals(ReasonClass.INVALID, classOf(utf8("{\"event_id\": \"x\"}")));
    }

    @Test
    void sizeSchemaTokenDivergenceAndBrokerHaveTheirOwnClass() {
        byte[] huge = new byte[EventCodec.inference().limits().maxRecordBytes() + 1];
        Arrays.fill(huge, (byte) ' ');
        assertEquals(ReasonClass.TOO_LARGE, classOf(huge));
        assertEquals(ReasonClass.UNKNOWN_SCHEMA, classOf(new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
        assertEquals(ReasonClass.DEVICE_MISMATCH,
                ReasonClass.of("device_id 'pi5-08' does not match the device of the token ('pi5-07')"));
        assertEquals(ReasonClass.BROKER_REFUSED, ReasonClass.of("the broker refused an output to x: too large"));
        DeadLetter divergence = new DeadLetter("divergence/1", 0, "divergence resnet50/img-1", Topics.INFERENCE,
                null, null, "outputs hold NaN", new byte[0]);
        assertEquals(ReasonClass.DIVERGENCE, ReasonClass.of(divergence));
        assertEquals("too_large", ReasonClass.TOO_LARGE.label());
    }
}
