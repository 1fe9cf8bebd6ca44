package dev.parallax.codec;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoder for untrusted bytes. Avro allocates a string, byte or collection buffer of the length a
 * record <em>declares</em> before reading it, so a corrupted length of two billion costs an
 * {@link OutOfMemoryError}. This decoder checks every declared length and item count against the bytes that
 * are actually left, which bounds allocation by the record size; every item of the contract's schemas takes at
 * least one byte, so more items than remaining bytes is always corrupt.
 */
final class BoundedDecoder extends Decoder {

    private final BinaryDecoder in;

    BoundedDecoder(BinaryDecoder in) {
        this.in = in;
    }

    /** Bytes not read yet. */
    int remaining() throws IOException {
        return in.inputStream().available();
    }

    private int checkedLength(long length, String what) throws IOException {
        if (length < 0) {
            throw new IOException("negative " + what + " length " + length);
        }
        if (length > remaining()) {
            throw new EOFException(what + " of " + length + " bytes but only " + remaining() + " left");
        }
        return (int) length;
    }

    private long checkedCount(long count) throws IOException {
        if (count < 0) {
            throw new IOException("negative item count " + count);
        }
        if (count > remaining()) {
            throw new EOFException("block of " + count + " items but only " + remaining() + " bytes left");
        }
        return count;
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = checkedLength(in.readLong(), "string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        in.readFixed(result.getBytes(), 0, length);
        String notUtf8 = StrictUtf8.problem(result.getBytes(), 0, length);
        if (notUtf8 != null) {
            throw new IOException("string " + notUtf8); // Avro would decode it with replacement characters
        }
        return result;
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = checkedLength(in.readLong(), "bytes");
        byte[] bytes = new byte[length];
        in.readFixed(bytes, 0, length);
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public long readArrayStart() throws IOException {
        return checkedCount(in.readArrayStart());
    }

    @Override
    public long arrayNext() throws IOException {
        return checkedCount(in.arrayNext());
    }

    @Override
    public long readMapStart() throws IOException {
        return checkedCount(in.readMapStart());
    }

    @Override
    public long mapNext() throws IOException {
        return checkedCount(in.mapNext());
    }

    // Everything below allocates nothing that depends on the data: plain delegation.

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public void skipString() throws IOException {
        in.skipString();
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipBytes();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long skipArray() throws IOException {
        return in.skipArray();
    }

    @Override
    public long skipMap() throws IOException {
        return in.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
