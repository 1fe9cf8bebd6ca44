package dev.parallax.ingest.spool;

/** One record read from the spool, and the position just after it (what to {@link Spool#commit} once it is safe). */
public record SpoolEntry(byte[] payload, SpoolPosition next) {
}
