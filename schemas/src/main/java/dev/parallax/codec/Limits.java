package dev.parallax.codec;

/**
 * Size limits a codec enforces on untrusted records.
 *
 * @param maxRecordBytes largest raw record accepted, in bytes
 * @param maxOutputs     most values an {@code outputs} vector may hold
 */
public record Limits(int maxRecordBytes, int maxOutputs) {

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
