package dev.parallax.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A record Parallax refused, kept with the reason, the bytes exactly as received and where they came from
 * (SPEC §2: bad input is never silently dropped). On {@code parallax.deadletter.v1} it is a JSON object keyed
 * by {@link #deadLetterId()}, which is deterministic from the origin, so a replay rewrites the same fact.
 *
 * @param deadLetterId {@code topic/partition/offset} for records read from Kafka, or the collector's id
 * @param receivedAt   epoch ms: the Kafka record's timestamp, or when the collector received it
 * @param source       human-readable origin, e.g. {@code parallax.inference.v1/2/1234} or {@code collector/pi5-07}
 * @param topic        the input topic it was read from, or was meant for
 * @param partition    Kafka partition, null when it never reached Kafka
 * @param offset       Kafka offset, null when it never reached Kafka
 * @param reason       why it was refused, for a person to read
 * @param raw          the record's bytes as received
 */
public record DeadLetter(String deadLetterId, long receivedAt, String source, String topic, Integer partition,
                         Long offset, String reason, byte[] raw) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Largest dead letter, as JSON bytes, that a producer should write: under Kafka's default message size limit
     * (1 MiB) with room for the batch header, so a dead letter is never refused by the broker it reports to.
     */
    public static final int MAX_JSON_BYTES = 1_000_000;

    public DeadLetter {
        Objects.requireNonNull(deadLetterId, "deadLetterId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        raw = raw == null ? new byte[0] : raw.clone();
    }

    /** A record read from a Kafka topic that could not be used. */
    public static DeadLetter fromKafka(String topic, int partition, long offset, long timestamp, String reason, byte[] raw) {
        String id = topic + "/" + partition + "/" + offset;
        return new DeadLetter(id, timestamp, id, topic, partition, offset, reason, raw);
    }

    /**
     * This dead letter, or, when its JSON would be longer than {@code maxJsonBytes}, a copy that keeps the first
     * bytes of {@code raw} (cut at a UTF-8 character boundary) and notes in the reason the original size and the
     * SHA-256 of all the bytes: a record too big to keep whole is still kept, identifiable, and never refused.
     */
    public DeadLetter limitedTo(int maxJsonBytes) {
        int length = toJson().length;
        if (length <= maxJsonBytes) return this;
        String digest = HexFormat.of().formatHex(sha256(raw));
        String why = reason.length() > 2_000 ? reason.substring(0, 2_000) + "…" : reason;
        int keep = raw.length;
        while (true) {
            // Shrink in proportion to the overshoot (escaping can make JSON longer than the bytes), always by one at least.
            keep = (int) Math.max(0, Math.min(keep - 1L, (long) keep * (maxJsonBytes - 1_024) / Math.max(length, 1)));
            while (keep > 0 && keep < raw.length && (raw[keep] & 0xC0) == 0x80) keep--;
            DeadLetter cut = new DeadLetter(deadLetterId, receivedAt, source, topic, partition, offset,
                    why + " [raw truncated: first %d of %d bytes kept; sha256 of all %d bytes: %s]"
                            .formatted(keep, raw.length, raw.length, digest),
                    Arrays.copyOf(raw, keep));
            length = cut.toJson().length;
            if (length <= maxJsonBytes || keep == 0) return cut;
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** The raw bytes as text when they are valid UTF-8 (the usual case: JSON), else null. */
    public String rawText() {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** JSON with snake_case names; {@code raw} is UTF-8 text when it is text, else base64 ({@code raw_encoding}). */
    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("dead_letter_id", deadLetterId);
        node.put("received_at", receivedAt);
        node.put("source", source);
        node.put("topic", topic);
        if (partition == null) node.putNull("partition"); else node.put("partition", partition);
        if (offset == null) node.putNull("offset"); else node.put("offset", offset);
        node.put("reason", reason);
        String text = rawText();
        node.put("raw_encoding", text != null ? "utf-8" : "base64");
        node.put("raw", text != null ? text : Base64.getEncoder().encodeToString(raw));
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize dead letter " + deadLetterId, e);
        }
    }

    public static DeadLetter fromJson(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            String rawValue = node.path("raw").asText("");
            byte[] raw = "base64".equals(node.path("raw_encoding").asText())
                    ? Base64.getDecoder().decode(rawValue)
                    : rawValue.getBytes(StandardCharsets.UTF_8);
            return new DeadLetter(
                    node.path("dead_letter_id").asText(),
                    node.path("received_at").asLong(),
                    node.path("source").asText(),
                    node.path("topic").isNull() ? null : node.path("topic").asText(null),
                    node.path("partition").isNumber() ? node.path("partition").asInt() : null,
                    node.path("offset").isNumber() ? node.path("offset").asLong() : null,
                    node.path("reason").asText(),
                    raw);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a dead-letter record: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeadLetter d && receivedAt == d.receivedAt && deadLetterId.equals(d.deadLetterId)
                && source.equals(d.source) && Objects.equals(topic, d.topic) && Objects.equals(partition, d.partition)
                && Objects.equals(offset, d.offset) && reason.equals(d.reason) && Arrays.equals(raw, d.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deadLetterId, receivedAt, reason) * 31 + Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + deadLetterId + ": " + reason + "]";
    }
}
