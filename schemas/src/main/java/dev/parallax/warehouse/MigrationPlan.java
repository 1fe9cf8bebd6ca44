package dev.parallax.warehouse;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a run of the migrator must do: the available migrations not applied yet, in version order. Refuses when
 * an applied migration's file was edited afterwards, because the database would no longer match the files.
 * Applied versions with no file are tolerated: a newer release added them, and changes are additive.
 */
public record MigrationPlan(List<Migration> pending, List<AppliedMigration> applied) {

    public MigrationPlan {
        pending = List.copyOf(pending);
        applied = List.copyOf(applied);
    }

    /** @throws MigrationException when an applied migration's checksum differs from its file */
    public static MigrationPlan of(List<Migration> available, List<AppliedMigration> applied) {
        Map<Integer, AppliedMigration> byVersion = applied.stream()
                .collect(Collectors.toMap(AppliedMigration::version, Function.identity(), (a, b) -> b));
        for (Migration migration : available) {
            AppliedMigration done = byVersion.get(migration.version());
            if (done != null && !done.checksum().equals(migration.checksum())) {
                throw new MigrationException(("migration %s was changed after it was applied on %s (checksum then %s,"
                        + " now %s): restore the file and put the change in a new migration").formatted(
                        migration.fileName(), done.appliedAt(), done.checksum(), migration.checksum()));
            }
        }
        List<Migration> pending = available.stream()
                .filter(m -> !byVersion.containsKey(m.version()))
                .sorted()
                .toList();
        return new MigrationPlan(pending, applied);
    }

    public boolean isUpToDate() {
        return pending.isEmpty();
    }
}
