package dev.parallax.analytics.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends primitives in a compact, deterministic layout: unsigned LEB128 varints for counts and lengths,
 * zig-zag varints for signed deltas, big-endian IEEE 754 bits for floating point (raw bits, so NaN and
 * infinities round-trip exactly).
 */
public final class StateWriter {

    // A plain array rather than a ByteArrayOutputStream, whose synchronized write(int) checks capacity per
    // byte: encoding is on the per-event path of the stream jobs.
    private byte[] bytes = new byte[64];
    private int size;

    /** Starts a state encoding with its format tag and version (see {@link StateReader#StateReader}). */
    public StateWriter(int formatTag, int version) {
        write(formatTag);
        write(version);
    }

    public StateWriter writeBoolean(boolean value) {
        write(value ? 1 : 0);
        return this;
    }

    /** Writes a non-negative number in 1 to 10 bytes. */
    public StateWriter writeVarLong(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint must be non-negative: " + value);
        }
        return writeUnsigned(value);
    }

    /** Writes any long, small magnitudes in few bytes (zig-zag). */
    public StateWriter writeSignedVarLong(long value) {
        return writeUnsigned((value << 1) ^ (value >> 63));
    }

    private StateWriter writeUnsigned(long value) {
        ensureCapacity(10);
        while ((value & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
        return this;
    }

    public StateWriter writeLong(long value) {
        ensureCapacity(Long.BYTES);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    public StateWriter writeDouble(double value) {
        return writeLong(Double.doubleToRawLongBits(value));
    }

    public StateWriter writeFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        ensureCapacity(Float.BYTES);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (bits >>> shift);
        }
        return this;
    }

    public StateWriter writeString(String value) {
        return writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a presence flag, then the string when present. */
    public StateWriter writeNullableString(String value) {
        writeBoolean(value != null);
        return value == null ? this : writeString(value);
    }

    public StateWriter writeFloats(float[] values) {
        writeVarLong(values.length);
        for (float value : values) {
            writeFloat(value);
        }
        return this;
    }

    /** Writes a length-prefixed byte array (e.g. a nested state encoding). */
    public StateWriter writeBytes(byte[] value) {
        writeVarLong(value.length);
        ensureCapacity(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void write(int b) {
        ensureCapacity(1);
        bytes[size++] = (byte) b;
    }

    private void ensureCapacity(int more) {
        if (size + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
}
