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

    /**
     * Most UTF-8 bytes of an id or a name: {@code run_id}, {@code test_id}, {@code suite}, {@code model_name},
     * {@code model_version}, {@code device_id}, {@code device_class}, {@code runtime}, {@code input_id},
     * {@code git_sha}, and an attribute's key. They are keys of tables, charts and pages; a megabyte-long test id
     * would make every page that lists it weigh megabytes.
     */
    public static final int MAX_NAME_BYTES = 256;
    /** Most UTF-8 bytes of an {@code error_message} (room for a short stack trace). */
    public static final int MAX_ERROR_MESSAGE_BYTES = 16_384;
    /** Most UTF-8 bytes of an attribute's value. */
    public static final int MAX_ATTRIBUTE_VALUE_BYTES = 1_024;
    /** Most entries in {@code attributes}. */
    public static final int MAX_ATTRIBUTES = 64;
    /**
     * Most test outcomes a RunEvent lists: at most about 540 bytes each (two names of {@link #MAX_NAME_BYTES} and
     * the figures), so a FINISHED stays well inside a 1 MiB record with its attributes. A run of more tests lists
     * the failed and aborted ones first; its attributes still count them all.
     */
    public static final int MAX_TESTS = 1_000;

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
