package dev.parallax.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.contract.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File names, checksums, ordering and planning: everything of the migrator that needs no database. */
class MigrationTest {

    @Test
    void fileNameGivesVersionAndName() {
        Migration m = Migration.parse("V002__inference_events.sql", "CREATE TABLE t (x UInt8) ENGINE = Memory");
        assertEquals(2, m.version());
        assertEquals("inference_events", m.name());
        assertEquals("V002__inference_events.sql", m.fileName());
        assertEquals("CREATE TABLE t (x UInt8) ENGINE = Memory", m.sql());
        assertEquals(1234, Migration.parse("V1234__big.sql", "SELECT 1").version());
    }

    @Test
    void badFileNamesAreRefusedWithTheExpectedPattern() {
        for (String name : List.of("V2_inference.sql", "2__x.sql", "V__x.sql", "V002__.sql", "V002__x.SQL", "V0x2__x.sql")) {
            var e = assertThrows(IllegalArgumentException.class, () -> Migration.parse(name, "SELECT 1"), name);
            assertTrue(e.getMessage().contains("expected V<version>__<name>.sql"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Migration.parse("V000__zero.sql", "SELECT 1"));
    }

    @Test
    void aFileWithOnlyCommentsIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Migration.parse("V003__x.sql", "-- nothing\n\n;"));
        assertEquals("V003__x.sql holds no SQL statement", e.getMessage());
    }

    @Test
    void checksumIgnoresLineEndingsButNotContent() {
        Migration unix = Migration.parse("V002__t.sql", "-- t\nCREATE TABLE t (x UInt8)\nENGINE = Memory\n");
        Migration windows = Migration.parse("V002__t.sql", "-- t\r\nCREATE TABLE t (x UInt8)\r\nENGINE = Memory\r\n");
        Migration edited = Migration.parse("V002__t.sql", "-- t\nCREATE TABLE t (x UInt16)\nENGINE = Memory\n");
        assertEquals(unix.checksum(), windows.checksum());
        assertNotEquals(unix.checksum(), edited.checksum());
        assertTrue(unix.checksum().matches("[0-9a-f]{64}"), unix.checksum());
    }

    @Test
    void aTrailingSemicolonIsNotSentButCounts() {
        Migration m = Migration.parse("V002__t.sql", "SELECT 1;\n");
        assertEquals("SELECT 1", m.sql());
        assertNotEquals(Migration.parse("V002__t.sql", "SELECT 1").checksum(), m.checksum());
    }

    @Test
    void directoryIsReadInVersionOrderNotNameOrder(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("V10__ten.sql"), "SELECT 10");
        Files.writeString(dir.resolve("V9__nine.sql"), "SELECT 9");
        Files.writeString(dir.resolve("V1__one.sql"), "SELECT 1");
        Files.writeString(dir.resolve("README.md"), "not a migration");
        assertEquals(List.of(1, 9, 10), Migrations.directory(dir).stream().map(Migration::version).toList());
    }

    @Test
    void twoFilesWithTheSameVersionAreRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("V001__a.sql"), "SELECT 1");
        Files.writeString(dir.resolve("V1__b.sql"), "SELECT 2");
        var e = assertThrows(IllegalArgumentException.class, () -> Migrations.directory(dir));
        assertTrue(e.getMessage().startsWith("two migrations have version 1: "), e.getMessage());
    }

    /**
     * The migrations that no IF [NOT] EXISTS guards (the steps of the rebuild of {@code runs}, V022; backfills; settings
     * and builds of projections), and why running one again (a crash after it ran, before it was recorded) loses and
     * duplicates nothing.
     */
    private static final Map<String, String> RERUN_BY_DESIGN = Map.of(
            "V023__runs_versioned_copy.sql", "copies the rows again; the table's key merges the copies",
            "V024__runs_versioned_exchange.sql", "swaps the tables back: V025 then copies the new table's rows into the"
                    + " old one and `runs` stays unversioned, every row kept",
            "V025__runs_versioned_catch_up.sql", "copies only the rows `runs` does not hold",
            "V029__run_hours_backfill.sql", "adds the same hours again: a key's first and last event time stay the same",
            "V032__run_arrivals_backfill.sql", "stamps the runs again: their figures are computed once more, the same",
            "V037__device_heard_backfill.sql", "adds the same maxima again: a device's newest event time stays the same",
            "V038__device_samples_projection_mode.sql", "sets the same mode again",
            "V039__inference_events_projection_mode.sql", "sets the same mode again",
            "V042__device_samples_projections_build.sql", "builds the projections again from the same rows",
            "V043__inference_events_projection_build.sql", "builds the projection again from the same rows");

    @Test
    void warehouseMigrationsAreContiguousIdempotentSingleStatements() {
        List<Migration> warehouse = Migrations.warehouse();
        assertEquals(IntStream.rangeClosed(1, warehouse.size()).boxed().toList(),
                warehouse.stream().map(Migration::version).toList(), "no gaps, in order");
        for (Migration m : warehouse) {
            String code = m.sql().lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n");
            assertTrue(code.contains("IF NOT EXISTS") || code.contains("IF EXISTS")
                    || RERUN_BY_DESIGN.containsKey(m.fileName()), m.fileName() + " must be safe to re-run");
            assertFalse(code.contains(";"), m.fileName() + " must hold one statement");
        }
    }

    @Test
    void warehouseCreatesEveryContractTable() {
        String all = String.join("\n", Migrations.warehouse().stream().map(Migration::sql).toList());
        for (String table : Tables.ALL) {
            assertTrue(all.contains("CREATE TABLE IF NOT EXISTS " + Tables.qualified(table) + "\n"), table);
        }
    }

    // ---- planning ----

    private static final Migration ONE = Migration.parse("V1__one.sql", "SELECT 1");
    private static final Migration TWO = Migration.parse("V2__two.sql", "SELECT 2");
    private static final Migration THREE = Migration.parse("V3__three.sql", "SELECT 3");
    private static final Instant THEN = Instant.parse("2026-11-01T08:00:00Z");

    private static AppliedMigration applied(Migration m) {
        return new AppliedMigration(m.version(), m.name(), m.checksum(), THEN);
    }

    @Test
    void pendingAreTheUnappliedInVersionOrder() {
        MigrationPlan plan = MigrationPlan.of(List.of(ONE, TWO, THREE), List.of(applied(TWO)));
        assertEquals(List.of(ONE, THREE), plan.pending());
        assertFalse(plan.isUpToDate());
        assertTrue(MigrationPlan.of(List.of(ONE, TWO), List.of(applied(ONE), applied(TWO))).isUpToDate());
        assertEquals(List.of(ONE, TWO, THREE), MigrationPlan.of(List.of(ONE, TWO, THREE), List.of()).pending());
    }

    @Test
    void anEditedAppliedMigrationStopsEverything() {
        Migration editedTwo = Migration.parse("V2__two.sql", "SELECT 22");
        var e = assertThrows(MigrationException.class,
                () -> MigrationPlan.of(List.of(ONE, editedTwo, THREE), List.of(applied(ONE), applied(TWO))));
        assertEquals("migration V002__two.sql was changed after it was applied on 2026-11-01T08:00:00Z (checksum then "
                + TWO.checksum() + ", now " + editedTwo.checksum()
                + "): restore the file and put the change in a new migration", e.getMessage());
    }

    @Test
    void migrationsAppliedByANewerReleaseAreTolerated() {
        MigrationPlan plan = MigrationPlan.of(List.of(ONE), List.of(applied(ONE), applied(TWO)));
        assertTrue(plan.isUpToDate());
        assertEquals(2, plan.applied().size());
    }
}
