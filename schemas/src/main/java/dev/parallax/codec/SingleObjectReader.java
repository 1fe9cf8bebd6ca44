package dev.parallax.codec;

import java.io.EOFException;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads Avro single-object encoding ({@code 0xC3 0x01}, 8-byte little-endian schema fingerprint, binary body)
 * written with any version of a {@link SchemaHistory}, resolved to the current reader schema. It does what
 * Avro's {@code BinaryMessageDecoder} does, but reads through a {@link BoundedDecoder}, rejects trailing bytes
 * and says precisely what is wrong instead of throwing. Thread-safe.
 */
final class SingleObjectReader<T> {

    static final byte MAGIC_0 = (byte) 0xC3;
    static final byte MAGIC_1 = (byte) 0x01;
    static final int HEADER_LENGTH = 10;

    private record Writer<T>(SchemaHistory.Version version, DatumReader<T> reader) {
    }

    private final SchemaHistory history;
    private final Map<Long, Writer<T>> writers;

    SingleObjectReader(SpecificData data, Schema readerSchema, SchemaHistory history) {
        this.history = history;
        this.writers = history.versions().stream()
                .map(v -> new Writer<T>(v, new SpecificDatumReader<>(v.schema(), readerSchema, data)))
                .collect(Collectors.toUnmodifiableMap(w -> w.version().fingerprint(), Function.identity(),
                        (first, same) -> first));
    }

    /** The record, or a {@link DecodeResult.Rejected} with the reason. Never throws for any input. */
    DecodeResult<T> read(byte[] raw) {
        if (raw.length < HEADER_LENGTH) {
            if (raw.length >= 2 && (raw[0] != MAGIC_0 || raw[1] != MAGIC_1)) {
                return wrongMagic(raw);
            }
            return new DecodeResult.Rejected<>("truncated Avro header: " + raw.length
                    + " bytes, single-object encoding needs " + HEADER_LENGTH);
        }
        if (raw[0] != MAGIC_0 || raw[1] != MAGIC_1) {
            return wrongMagic(raw);
        }
        long fingerprint = fingerprint(raw);
        Writer<T> writer = writers.get(fingerprint);
        if (writer == null) {
            return new DecodeResult.Rejected<>("unknown Avro schema fingerprint 0x%016X (this reader knows %s)"
                    .formatted(fingerprint, history.versions()));
        }
        BoundedDecoder in = new BoundedDecoder(
                DecoderFactory.get().binaryDecoder(raw, HEADER_LENGTH, raw.length - HEADER_LENGTH, null));
        try {
            T record = writer.reader().read(null, in);
            int trailing = in.remaining();
            if (trailing > 0) {
                return new DecodeResult.Rejected<>(trailing + " unexpected bytes after the Avro record (written with "
                        + writer.version() + ")");
            }
            return new DecodeResult.Accepted<>(record);
        } catch (EOFException e) {
            return new DecodeResult.Rejected<>("truncated Avro record (written with " + writer.version() + "): "
                    + e.getMessage());
        } catch (IOException | RuntimeException e) {
            // Corrupt bodies surface as AvroRuntimeException, IndexOutOfBounds (bad union or enum index), etc.
            return new DecodeResult.Rejected<>("malformed Avro record (written with " + writer.version() + "): "
                    + e.getMessage());
        }
    }

    private static long fingerprint(byte[] raw) {
        long fingerprint = 0;
        for (int i = HEADER_LENGTH - 1; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (raw[i] & 0xFF);
        }
        return fingerprint;
    }

    private static <T> DecodeResult<T> wrongMagic(byte[] raw) {
        HexFormat hex = HexFormat.of().withUpperCase().withPrefix("0x").withDelimiter(" ");
        return new DecodeResult.Rejected<>("wrong magic bytes " + hex.formatHex(raw, 0, 2)
                + " (Avro single-object encoding starts with 0xC3 0x01)");
    }
}
