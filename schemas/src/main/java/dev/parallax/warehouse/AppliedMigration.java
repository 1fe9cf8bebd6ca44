package dev.parallax.warehouse;

import java.time.Instant;

/** A migration recorded in {@code parallax.schema_migrations}. */
public record AppliedMigration(int version, String name, String checksum, Instant appliedAt) {
}
