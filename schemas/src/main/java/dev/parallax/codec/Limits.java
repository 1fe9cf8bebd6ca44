package dev.parallax.codec;

/**
 * Size limits a codec enforces on untrusted records.
 *
 * @param maxRecordBytes largest raw record accepted, in bytes
 * @param maxOutputs     most values an {@code outputs} vector may hold
 */
public record Limits(int maxRecordBytes, int maxOutputs) {

    /** The earliest event time accepted (2000-01-01): anything before is a clock that was never set. */
    public static final long EARLIEST_EVENT_TIME_MS = 946_684_800_000L;
    /** The first event time refused (2100-01-01). */
    public static final long LATEST_EVENT_TIME_MS = 4_102_444_800_000L;

    /** 1 MiB records (Kafka's default maximum message size) and 65,536 outputs (SPEC section 2). */
    public static final Limits DEFAULT = new Limits(1 << 20, 65_536);

    public Limits {
        if (maxRecordBytes < SingleObjectReader.HEADER_LENGTH + 1) {
            throw new IllegalArgumentException("maxRecordBytes must be > " + SingleObjectReader.HEADER_LENGTH
                    + " (was " + maxRecordBytes + ")");
        }
        if (maxOutputs < 0) {
            throw new IllegalArgumentException("maxOutputs must be ≥ 0 (was " + maxOutputs + ")");
        }
    }
}
