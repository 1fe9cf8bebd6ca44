package dev.parallax.contract;

import java.util.Locale;

/**
 * The class of a dead letter's reason, for counting ({@code parallax_dead_letters_total{reason_class}}): the
 * reason itself is a sentence naming fields and bytes, far too many distinct values for a metric label. The
 * classes follow where the sentences come from: the codec (framing, size, fields), the collector (device
 * tokens), the divergence comparison and the broker.
 */
public enum ReasonClass {
    /** Not an event at all: empty, wrong framing, broken JSON, Avro or UTF-8. */
    MALFORMED,
    /** Larger than the codec takes. */
    TOO_LARGE,
    /** Avro written with a schema this reader does not know. */
    UNKNOWN_SCHEMA,
    /** A well-formed event that breaks a rule of the contract (a field missing, out of range, inconsistent). */
    INVALID,
    /** Sent with a device token for another device. */
    DEVICE_MISMATCH,
    /** Outputs the divergence comparison cannot use (SPEC §5: length mismatch, NaN, empty). */
    DIVERGENCE,
    /** An output of the job the broker refused. */
    BROKER_REFUSED;

    private static final String[] MALFORMED_STARTS = {"empty record", "wrong magic bytes", "malformed ", "truncated ",
            "undecodable record", "invalid UTF-8"};

    /** The class of {@code letter}'s reason. */
    public static ReasonClass of(DeadLetter letter) {
        return of(letter.source(), letter.reason());
    }

    /** The class of a dead letter's reason, given its source and reason as stored. */
    public static ReasonClass of(String source, String reason) {
        return source.startsWith("divergence ") ? DIVERGENCE : of(reason);
    }

    /** The class of a reason sentence as the codec, the collector or the job writes it. */
    public static ReasonClass of(String reason) {
        if (reason.startsWith("the broker refused")) return BROKER_REFUSED;
        if (reason.startsWith("device_id '") && reason.contains("does not match the device of the token")) {
            return DEVICE_MISMATCH;
        }
        if (reason.startsWith("record is ") && reason.contains(" bytes; at most ")) return TOO_LARGE;
        if (reason.startsWith("unknown Avro schema")) return UNKNOWN_SCHEMA;
        if (reason.contains(" unexpected bytes after the Avro record")) return MALFORMED;
        for (String start : MALFORMED_STARTS) {
            if (reason.startsWith(start)) return MALFORMED;
        }
        return INVALID;
    }

    /** The label value, e.g. {@code too_large}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
