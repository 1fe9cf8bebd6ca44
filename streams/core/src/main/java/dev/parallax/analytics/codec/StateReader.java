package dev.parallax.analytics.codec;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads what {@link StateWriter} wrote; every malformation surfaces as a {@link StateFormatException}. */
public final class StateReader {

    private final ByteBuffer in;
    private final int version;

    /**
     * Opens an encoding and checks its header.
     *
     * @param newestVersion the newest version this reader understands; older versions are accepted and exposed
     *                      through {@link #version()} so that decoders can branch on them
     */
    public StateReader(byte[] bytes, int formatTag, int newestVersion, String formatName) {
        if (bytes == null || bytes.length < 2) {
            throw new StateFormatException(formatName + ": no header");
        }
        this.in = ByteBuffer.wrap(bytes);
        int tag = in.get() & 0xFF;
        if (tag != formatTag) {
            throw new StateFormatException(formatName + ": format tag 0x" + Integer.toHexString(tag)
                    + ", expected 0x" + Integer.toHexString(formatTag));
        }
        this.version = in.get() & 0xFF;
        if (version < 1 || version > newestVersion) {
            throw new StateFormatException(formatName + ": unsupported version " + version
                    + " (this reader knows 1.." + newestVersion + ")");
        }
    }

    public int version() {
        return version;
    }

    public boolean readBoolean() {
        byte value = get();
        if (value != 0 && value != 1) {
            throw new StateFormatException("invalid boolean byte " + value);
        }
        return value == 1;
    }

    public long readVarLong() {
        long value = readUnsigned();
        if (value < 0) {
            throw new StateFormatException("varint out of range");
        }
        return value;
    }

    /**
     * Reads a length or an element count. Every element takes at least one byte, so a count larger than the
     * remaining bytes is corruption; checking it here keeps a corrupted count from allocating huge arrays.
     */
    public int readLength() {
        long value = readVarLong();
        if (value > in.remaining()) {
            throw new StateFormatException("length " + value + " exceeds the " + in.remaining() + " remaining bytes");
        }
        return (int) value;
    }

    public long readSignedVarLong() {
        long zigZag = readUnsigned();
        return (zigZag >>> 1) ^ -(zigZag & 1);
    }

    private long readUnsigned() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new StateFormatException("varint longer than 10 bytes");
    }

    public long readLong() {
        try {
            return in.getLong();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    public float readFloat() {
        try {
            return in.getFloat();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    public String readString() {
        return new String(readRaw(readLength()), StandardCharsets.UTF_8);
    }

    public String readNullableString() {
        return readBoolean() ? readString() : null;
    }

    public float[] readFloats() {
        int length = readLength();
        if ((long) length * Float.BYTES > in.remaining()) {
            throw truncated();
        }
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = readFloat();
        }
        return values;
    }

    public byte[] readBytes() {
        return readRaw(readLength());
    }

    /** Fails unless every byte has been consumed: trailing bytes mean a foreign or corrupted encoding. */
    public void expectEnd() {
        if (in.hasRemaining()) {
            throw new StateFormatException(in.remaining() + " trailing bytes");
        }
    }

    private byte[] readRaw(int length) {
        if (length > in.remaining()) {
            throw truncated();
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private byte get() {
        try {
            return in.get();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    private static StateFormatException truncated() {
        return new StateFormatException("truncated state encoding");
    }
}
