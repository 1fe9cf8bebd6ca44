package dev.parallax.streams.records;

/** A record for a derived topic (SPEC §11): its topic, its key (the same fact always has the same key) and JSON value. */
public record DerivedRecord(String topic, String key, byte[] value) {
}
