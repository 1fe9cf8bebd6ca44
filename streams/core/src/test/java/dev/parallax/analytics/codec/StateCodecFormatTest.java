package dev.parallax.analytics.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StateCodecFormatTest {

    private static final int TAG = 0x7A;

    @Test
    void primitivesRoundTrip() {
        long[] unsigned = {0, 1, 127, 128, 300, Integer.MAX_VALUE, Long.MAX_VALUE};
        long[] signed = {0, -1, 1, -64, 64, Long.MIN_VALUE, Long.MAX_VALUE};
        StateWriter out = new StateWriter(TAG, 2);
        Arrays.stream(unsigned).forEach(out::writeVarLong);
        Arrays.stream(signed).forEach(out::writeSignedVarLong);
        out.writeDouble(Double.NaN).writeDouble(Double.NEGATIVE_INFINITY).writeDouble(-0.0).writeDouble(Math.PI)
                .writeFloat(Float.MIN_VALUE).writeLong(Long.MIN_VALUE).writeBoolean(true)
                .writeString("pi5-hailo8l ✓").writeNullableString(null).writeNullableString("")
                .writeFloats(new float[] {1.5f, Float.NaN, -0f}).writeBytes(new byte[] {9, 8});

        StateReader in = new StateReader(out.toByteArray(), TAG, 2, "test");
        assertEquals(2, in.version());
        for (long value : unsigned) {
            assertEquals(value, in.readVarLong());
        }
        for (long value : signed) {
            assertEquals(value, in.readSignedVarLong());
        }
        assertTrue(Double.isNaN(in.readDouble()));
        assertEquals(Double.NEGATIVE_INFINITY, in.readDouble());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(in.readDouble()));
        assertEquals(Math.PI, in.readDouble());
        assertEquals(Float.MIN_VALUE, in.readFloat());
        assertEquals(Long.MIN_VALUE, in.readLong());
        assertTrue(in.readBoolean());
        assertEquals("pi5-hailo8l ✓", in.readString());
        assertNull(in.readNullableString());
        assertEquals("", in.readNullableString());
        float[] floats = in.readFloats();
        assertEquals(3, floats.length);
        assertTrue(Float.isNaN(floats[1]));
        assertArrayEquals(new byte[] {9, 8}, in.readBytes());
        in.expectEnd();
    }

    @Test
    void smallVarintsTakeOneByte() {
        assertEquals(2 + 1, new StateWriter(TAG, 1).writeVarLong(127).toByteArray().length);
        assertEquals(2 + 1, new StateWriter(TAG, 1).writeSignedVarLong(-64).toByteArray().length);
    }

    @Test
    void rejectsForeignTruncatedAndNewerEncodings() {
        byte[] bytes = new StateWriter(TAG, 1).writeString("abc").toByteArray();
        assertThrows(StateFormatException.class, () -> new StateReader(bytes, TAG + 1, 1, "test"));
        assertThrows(StateFormatException.class, () -> new StateReader(new byte[] {(byte) TAG}, TAG, 1, "test"));
        byte[] newer = new StateWriter(TAG, 3).toByteArray();
        assertThrows(StateFormatException.class, () -> new StateReader(newer, TAG, 2, "test"));

        StateReader truncated = new StateReader(Arrays.copyOf(bytes, bytes.length - 1), TAG, 1, "test");
        assertThrows(StateFormatException.class, truncated::readString);

        StateReader trailing = new StateReader(bytes, TAG, 1, "test");
        assertThrows(StateFormatException.class, trailing::expectEnd);
    }

    @Test
    void corruptedLengthDoesNotAllocate() {
        byte[] bytes = new StateWriter(TAG, 1).writeVarLong(Integer.MAX_VALUE).toByteArray();
        StateReader in = new StateReader(bytes, TAG, 1, "test");
        assertThrows(StateFormatException.class, in::readFloats);
    }

    @Test
    void writerRejectsNegativeUnsignedVarint() {
        assertThrows(IllegalArgumentException.class, () -> new StateWriter(TAG, 1).writeVarLong(-1));
    }
}
