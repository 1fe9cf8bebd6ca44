package dev.parallax.analytics.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Appends primitives in a compact, deterministic layout: unsigned LEB128 varints for counts and lengths,
 * zig-zag varints for signed deltas, big-endian IEEE 754 bits for floating point (raw bits, so NaN and
 * infinities round-trip exactly).
 */
public final class StateWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    /** Starts a state encoding with its format tag and version (see {@link StateReader#StateReader}). */
    public StateWriter(int formatTag, int version) {
        out.write(formatTag);
        out.write(version);
    }

    public StateWriter writeBoolean(boolean value) {
        out.write(value ? 1 : 0);
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
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
        return this;
    }

    public StateWriter writeLong(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    public StateWriter writeDouble(double value) {
        return writeLong(Double.doubleToRawLongBits(value));
    }

    public StateWriter writeFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write(bits >>> shift);
        }
        return this;
    }

    public StateWriter writeString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeVarLong(utf8.length);
        out.writeBytes(utf8);
        return this;
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
    public StateWriter writeBytes(byte[] bytes) {
        writeVarLong(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
