package dev.parallax.warehouse;

import static dev.parallax.warehouse.UpgradeSteps.migrate;
import static dev.parallax.warehouse.UpgradeSteps.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.clickhouse.EmbeddedClickHouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V022-V026 rebuild {@code runs} with a version (the JVMs a FINISHED adds up) on an installation that has rows: every
 * row is kept, those the sink writes between the copy and the exchange included; then a run's FINISHED restated by
 * a later fork replaces the earlier statement whatever order the two are inserted in (statements replayed from
 * different spools).
 */
class RunsVersionedMigrationTest {

    private static final int REBUILD = 22;

    @TempDir
    Path dir;

    @Test
    void theRebuildKeepsEveryRowAndTheFullestStatementWins() throws Exception {
        try (EmbeddedClickHouse clickhouse = EmbeddedClickHouse.builder(dir.resolve("data")).password("runs-v").start();
             Connection connection = DriverManager.getConnection(clickhouse.jdbcUrl("default"), clickhouse.user(),
                     clickhouse.password());
             Statement sql = connection.createStatement()) {
            migrate(connection, m -> m.version() < REBUILD);
            sql.execute("INSERT INTO parallax.runs (event_id, event_time, run_id, phase, trigger, tests.test_id, "
                    + "tests.display_name, tests.outcome, tests.duration_ms, tests.inferences, tests.latency_p50_ms, "
                    + "tests.latency_p99_ms) VALUES (generateUUIDv4(), '2026-11-20 10:00:00', 'old', 'STARTED', 'PR', "
                    + "[], [], [], [], [], [], []), (generateUUIDv4(), '2026-11-20 10:05:00', 'old', 'FINISHED', 'PR', "
                    + "['A#a'], ['a()'], ['PASSED'], [10], [3], [1.5], [2.5])");
            migrate(connection, m -> m.version() <= REBUILD + 1); // created and copied
            sql.execute("INSERT INTO parallax.runs (event_id, event_time, run_id, phase, trigger) VALUES "
                    + "(generateUUIDv4(), '2026-11-21 09:00:00', 'during', 'STARTED', 'MANUAL')");
            migrate(connection, m -> true);

            assertEquals(List.of("during STARTED 0", "old FINISHED 1", "old STARTED 0"), rows(sql,
                    "SELECT run_id, phase, length(tests.test_id) FROM parallax.runs ORDER BY run_id, phase"));
            String engine = rows(sql, "SELECT engine_full FROM system.tables WHERE database = 'parallax' AND name = 'runs'")
                    .getFirst();
            assertTrue(engine.startsWith("ReplacingMergeTree(version)"), engine);
            assertEquals(List.of("0"), rows(sql,
                    "SELECT count() FROM system.tables WHERE database = 'parallax' AND name LIKE 'runs\\_\\_%'"));

            // The third JVM's statement is inserted before the second's: the fuller one stays.
            for (String jvms : List.of("3", "2")) {
                sql.execute("INSERT INTO parallax.runs (event_id, event_time, run_id, phase, trigger, attributes) VALUES "
                        + "('5d1c4b3a-2f6e-4d8c-9b7a-1e2f3a4b5c6d', '2026-11-22 08:00:00', 'forked', 'FINISHED', 'CI', "
                        + "map('test_jvms', '" + jvms + "', 'tests_passed', '" + jvms + "0'))");
            }
            assertEquals(List.of("3 30"), rows(sql, "SELECT attributes['test_jvms'], attributes['tests_passed'] "
                    + "FROM parallax.runs FINAL WHERE run_id = 'forked'"));
            sql.execute("OPTIMIZE TABLE parallax.runs FINAL");
            assertEquals(List.of("3 30"), rows(sql, "SELECT attributes['test_jvms'], attributes['tests_passed'] "
                    + "FROM parallax.runs WHERE run_id = 'forked'"), "merged, one row: the fullest statement");
        }
    }
}
