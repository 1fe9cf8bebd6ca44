package dev.parallax.warehouse;

import static dev.parallax.warehouse.UpgradeSteps.migrate;
import static dev.parallax.warehouse.UpgradeSteps.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.clickhouse.EmbeddedClickHouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V038-V043 on an installation that has events: the projections by arrival and by event time are built for the rows
 * stored before them (in the background, as a mutation), copies included until a merge keeps one, and a later insert
 * writes them as it writes the table.
 */
class ProjectionsMigrationTest {

    private static final int FIRST = 38;
    /** The n-th event's id: a resent copy has its event's id. */
    private static final String ID = "toUUID(concat('00000000-0000-4000-8000-', leftPad(toString(number), 12, '0')))";

    @TempDir
    Path dir;

    @Test
    void theRowsStoredBeforeAreInTheProjections() throws Exception {
        try (EmbeddedClickHouse clickhouse = EmbeddedClickHouse.builder(dir.resolve("data")).password("projections")
                .start();
             Connection connection = DriverManager.getConnection(clickhouse.jdbcUrl("default"), clickhouse.user(),
                     clickhouse.password());
             Statement sql = connection.createStatement()) {
            migrate(connection, m -> m.version() < FIRST);
            for (int copy = 0; copy < 2; copy++) { // a batch resent: each copy in a part of its own
                sql.execute("INSERT INTO parallax.device_samples (event_id, event_time, received_at, device_id,"
                        + " device_class, tier, temperature_c) SELECT " + ID + ", toDateTime64('2026-11-20"
                        + " 10:00:00', 3, 'UTC') + toIntervalSecond(number * 60), toDateTime64('2026-11-20 10:00:02', 3,"
                        + " 'UTC') + toIntervalSecond(number * 60), concat('pi-', toString(number % 3)), 'pi5-hailo8l',"
                        + " 'EDGE', 60 FROM numbers(30)");
                sql.execute("INSERT INTO parallax.inference_events (event_id, event_time, received_at, run_id, test_id,"
                        + " model_name, model_version, precision, tier, device_id, device_class, runtime, status)"
                        + " SELECT " + ID + ", toDateTime64('2026-11-20 10:00:00', 3, 'UTC')"
                        + " + toIntervalSecond(number), toDateTime64('2026-11-20 10:00:01', 3, 'UTC')"
                        + " + toIntervalSecond(number), 'r1', 't1', 'm', '1', 'INT8', 'EDGE', 'pi-0', 'pi5-hailo8l',"
                        + " 'hailort', 'OK' FROM numbers(20)");
            }
            migrate(connection, m -> true);
            awaitMutations(sql);
            assertEquals(List.of("by_arrival 60", "by_time 60"), rows(sql, projectionRows("device_samples")),
                    "both copies of every sample, as the table holds them");
            assertEquals(List.of("by_arrival 40"), rows(sql, projectionRows("inference_events")));

            sql.execute("INSERT INTO parallax.device_samples (event_id, event_time, device_id, device_class, tier)"
                    + " VALUES (generateUUIDv4(), '2026-11-20 12:00:00', 'pi-9', 'pi5-hailo8l', 'EDGE')");
            sql.execute("OPTIMIZE TABLE parallax.device_samples FINAL");
            sql.execute("OPTIMIZE TABLE parallax.inference_events FINAL");
            assertEquals(List.of("by_arrival 31", "by_time 31"), rows(sql, projectionRows("device_samples")),
                    "merged: one copy each, and the later sample");
            assertEquals(List.of("by_arrival 20"), rows(sql, projectionRows("inference_events")));
        }
    }

    private static String projectionRows(String table) {
        return "SELECT name, sum(rows) FROM system.projection_parts WHERE database = 'parallax' AND table = '" + table
                + "' AND active GROUP BY name ORDER BY name";
    }

    /** MATERIALIZE PROJECTION runs as a mutation in the background. */
    private static void awaitMutations(Statement sql) throws SQLException, InterruptedException {
        for (int i = 0; i < 300 && !rows(sql, "SELECT count() FROM system.mutations WHERE database = 'parallax'"
                + " AND NOT is_done").equals(List.of("0")); i++) {
            Thread.sleep(100);
        }
    }
}
