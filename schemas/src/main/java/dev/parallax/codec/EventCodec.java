package dev.parallax.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.RunEvent;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decodes and encodes the records of one input topic (SPEC section 11). A record is either Avro single-object
 * encoding (first bytes {@code 0xC3 0x01}) or a UTF-8 JSON object with the wire field names; {@link #decode}
 * tells them apart by the first bytes, then applies the same semantic rules to both. Text must be strict UTF-8
 * in both encodings ({@link StrictUtf8}), and ids and names have byte limits ({@link Limits}).
 *
 * <p>{@link #decode} never throws: whatever the bytes, the result is {@link DecodeResult.Accepted} or
 * {@link DecodeResult.Rejected} with a precise reason for the dead-letter table. Instances are immutable and
 * thread-safe.
 *
 * <pre>{@code
 * EventCodec<InferenceEvent> codec = EventCodec.inference();
 * switch (codec.decode(record.value())) {
 *     case DecodeResult.Accepted<InferenceEvent>(var event) -> process(event);
 *     case DecodeResult.Rejected<InferenceEvent>(var reason) -> deadLetter(record, reason);
 * }
 * }</pre>
 */
public final class EventCodec<T extends SpecificRecord> {

    private final EventKind<T> kind;
    private final Limits limits;
    private final SingleObjectReader<T> avroReader;
    private final BinaryMessageEncoder<T> avroWriter;
    private final JsonRecordReader jsonReader;
    private final JsonRecordWriter jsonWriter;
    private final JsonFactory json;

    private EventCodec(Builder<T> builder) {
        this.kind = builder.kind;
        this.limits = new Limits(builder.maxRecordBytes, builder.maxOutputs);
        SpecificData data = SpecificData.getForClass(kind.type());
        this.avroReader = new SingleObjectReader<>(data, kind.schema(), kind.history());
        this.avroWriter = new BinaryMessageEncoder<>(data, kind.schema());
        this.jsonReader = new JsonRecordReader(kind.schema(), data);
        this.jsonWriter = new JsonRecordWriter(kind.schema());
        this.json = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER) // outputs vectors are thousands of numbers
                .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                .build();
    }

    /** Codec for {@link InferenceEvent} with {@link Limits#DEFAULT}. */
    public static EventCodec<InferenceEvent> inference() {
        return builder(EventKind.INFERENCE).build();
    }

    /** Codec for {@link DeviceSample} with {@link Limits#DEFAULT}. */
    public static EventCodec<DeviceSample> deviceSample() {
        return builder(EventKind.DEVICE_SAMPLE).build();
    }

    /** Codec for {@link RunEvent} with {@link Limits#DEFAULT}. */
    public static EventCodec<RunEvent> run() {
        return builder(EventKind.RUN).build();
    }

    public static <T extends SpecificRecord> Builder<T> builder(EventKind<T> kind) {
        return new Builder<>(kind);
    }

    public EventKind<T> kind() {
        return kind;
    }

    public Limits limits() {
        return limits;
    }

    /** The event in {@code raw}, or why it is not one. Never throws, never returns null. */
    public DecodeResult<T> decode(byte[] raw) {
        try {
            DecodeResult<T> parsed = parse(raw);
            return parsed instanceof DecodeResult.Accepted<T> accepted ? checked(accepted.event()) : parsed;
        } catch (RuntimeException e) {
            // Last line of the contract: a library bug on some byte pattern must still become a dead letter.
            return new DecodeResult.Rejected<>("undecodable record (" + e + ")");
        }
    }

    /** The semantic problems of an event built in code, as {@link #decode} would report them; empty when valid. */
    public Optional<String> validate(T event) {
        Objects.requireNonNull(event, "event");
        Violations violations = new Violations();
        kind.validator().validate(event, limits, violations);
        return violations.isEmpty() ? Optional.empty() : Optional.of(violations.reason());
    }

    /** Avro single-object encoding with the current schema's fingerprint. */
    public byte[] encodeAvro(T event) {
        try {
            ByteBuffer buffer = avroWriter.encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory encoding: not expected
        }
    }

    /** The UTF-8 JSON object of SPEC section 11: wire field names, enums as strings, times as epoch ms. */
    public byte[] encodeJson(T event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = json.createGenerator(out)) {
            jsonWriter.write(event, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private DecodeResult<T> parse(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return new DecodeResult.Rejected<>("empty record");
        }
        if (raw.length > limits.maxRecordBytes()) {
            return new DecodeResult.Rejected<>("record is %d bytes; at most %d allowed"
                    .formatted(raw.length, limits.maxRecordBytes()));
        }
        if (raw[0] == SingleObjectReader.MAGIC_0) {
            return avroReader.read(raw);
        }
        if (looksLikeText(raw[0])) {
            return parseJson(raw);
        }
        if (raw[0] == 0 && raw.length >= 5) {
            return new DecodeResult.Rejected<>("wrong magic bytes " + hex(raw) + ": this looks like Confluent Schema"
                    + " Registry framing (0x00 + schema id), which is not supported; send Avro single-object"
                    + " encoding (0xC3 0x01) or a JSON object");
        }
        return new DecodeResult.Rejected<>("wrong magic bytes " + hex(raw)
                + " (expected Avro single-object encoding 0xC3 0x01 or a UTF-8 JSON object)");
    }

    /** Printable ASCII, whitespace or a UTF-8 byte order mark: let the JSON parser explain what is wrong. */
    private static boolean looksLikeText(byte first) {
        return (first >= 0x20 && first < 0x7F) || first == '\t' || first == '\n' || first == '\r' || first == (byte) 0xEF;
    }

    @SuppressWarnings("unchecked")
    private DecodeResult<T> parseJson(byte[] raw) {
        String notUtf8 = StrictUtf8.problem(raw);
        if (notUtf8 != null) {
            return new DecodeResult.Rejected<>(notUtf8);
        }
        Violations violations = new Violations();
        try (JsonParser parser = json.createParser(raw)) {
            SpecificRecord record = jsonReader.read(parser, violations);
            return record != null
                    ? new DecodeResult.Accepted<>((T) record)
                    : new DecodeResult.Rejected<>(violations.reason());
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + " column " + where.getColumnNr();
            return new DecodeResult.Rejected<>("malformed JSON" + at + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            return new DecodeResult.Rejected<>("malformed JSON: " + e.getMessage());
        }
    }

    private DecodeResult<T> checked(T event) {
        return validate(event).<DecodeResult<T>>map(DecodeResult.Rejected::new)
                .orElseGet(() -> new DecodeResult.Accepted<>(event));
    }

    private static String hex(byte[] raw) {
        return HexFormat.of().withUpperCase().withPrefix("0x").withDelimiter(" ").formatHex(raw, 0, Math.min(2, raw.length));
    }

    /** Limits for a codec; defaults are {@link Limits#DEFAULT}. */
    public static final class Builder<T extends SpecificRecord> {

        private final EventKind<T> kind;
        private int maxRecordBytes = Limits.DEFAULT.maxRecordBytes();
        private int maxOutputs = Limits.DEFAULT.maxOutputs();

        private Builder(EventKind<T> kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        /** Largest raw record accepted (default 1 MiB). */
        public Builder<T> maxRecordBytes(int maxRecordBytes) {
            this.maxRecordBytes = maxRecordBytes;
            return this;
        }

        /** Most values an {@code outputs} vector may hold (default 65,536). */
        public Builder<T> maxOutputs(int maxOutputs) {
            this.maxOutputs = maxOutputs;
            return this;
        }

        /** @throws IllegalArgumentException when a limit is out of range */
        public EventCodec<T> build() {
            return new EventCodec<>(this);
        }
    }
}
