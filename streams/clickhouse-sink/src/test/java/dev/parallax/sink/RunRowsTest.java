package dev.parallax.sink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.clickhouse.EmbeddedClickHouse;
import dev.parallax.codec.EventCodec;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.contract.Tables;
import dev.parallax.contract.Topics;
import dev.parallax.schema.RunEvent;
import dev.parallax.schema.RunPhase;
import dev.parallax.schema.RunTrigger;
import dev.parallax.schema.TestOutcome;
import dev.parallax.schema.TestResult;
import dev.parallax.warehouse.Warehouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run events into {@code parallax.runs} through the sink's mapper and writer, on a real ClickHouse engine: a FINISHED
 * of schema v2 keeps its per-test outcomes in the Nested column {@code tests}, one row per RunEvent still; a run event
 * without outcomes (STARTED, or a v1 producer's JSON) lands with empty arrays. A run whose test JVMs ran one after the
 * other states its one FINISHED anew as each JVM ends (same event id and time, the tests so far, {@code test_jvms}
 * one more): the table keeps one FINISHED per run, the fullest statement, whether the statements come in several
 * batches or in one and out of order (spools replayed).
 */
class RunRowsTest {

    @TempDir
    Path dir;

    @Test
    void aFinishedRunKeepsItsTestOutcomes() throws Exception {
        try (EmbeddedClickHouse clickhouse = EmbeddedClickHouse.builder(dir.resolve("clickhouse")).password("runs").start()) {
            ParallaxConfig config = ParallaxConfig.of(Map.of(
                    ParallaxConfig.CLICKHOUSE_URL, clickhouse.httpUrl(),
                    ParallaxConfig.CLICKHOUSE_USER, clickhouse.user(),
                    ParallaxConfig.CLICKHOUSE_PASSWORD, clickhouse.password()));
            Warehouse.migrate(config);
            TestOutcome firstFork = TestOutcome.newBuilder().setTestId("Golden#int8").setDisplayName("int8()")
                    .setOutcome(TestResult.PASSED).setDurationMs(1_250).setInferences(300)
                    .setLatencyP50Ms(4.5).setLatencyP99Ms(9.25).build();
            RunEvent firstForkFinished = RunEvent.newBuilder()
                    .setEventId("5d1c4b3a-2f6e-4d8c-9b7a-1e2f3a4b5c6d").setEventTime(1_763_900_030_000L).setRunId("run-rr")
                    .setPhase(RunPhase.FINISHED).setTrigger(RunTrigger.NIGHTLY).setAttributes(Map.of("tests_failed", "0", "test_jvms", "1"))
                    .setTests(List.of(firstFork)).build();
            RunEvent finished = RunEvent.newBuilder(firstForkFinished).setAttributes(Map.of("tests_failed", "1", "test_jvms", "2"))
                    .setTests(List.of(
                            firstFork,
                            TestOutcome.newBuilder().setTestId("Golden#coldBoot").setDisplayName("[1] fan off")
                                    .setOutcome(TestResult.FAILED).setDurationMs(40).setInferences(0).build()))
                    .build();
            // A producer of schema v1 (the Python runner) sends JSON without tests.
            String started = """
                    {"event_id":"0b6f3c52-1d2e-4f7a-9c3b-2a1e5d6f7a8b","event_time":1763900000000,"run_id":"run-rr",
                     "phase":"STARTED","trigger":"NIGHTLY"}""";
            // Live, each statement comes in its own batch; replayed from two spools, in one, the later first.
            write(config, EventCodec.run().encodeAvro(firstForkFinished), started.getBytes(UTF_8));
            write(config, EventCodec.run().encodeAvro(finished));
            write(config, EventCodec.run().encodeAvro(RunEvent.newBuilder(finished).setRunId("run-replayed").build()),
                    EventCodec.run().encodeAvro(RunEvent.newBuilder(firstForkFinished).setRunId("run-replayed").build()));

            try (Connection connection = Warehouse.connect(config); Statement query = connection.createStatement()) {
                List<String> perTest = new ArrayList<>();
                try (ResultSet rs = query.executeQuery("""
                        SELECT phase, t.test_id, t.outcome, t.duration_ms, t.inferences, t.latency_p50_ms, t.latency_p99_ms
                        FROM parallax.runs FINAL ARRAY JOIN tests AS t
                        WHERE phase = 'FINISHED' AND run_id = 'run-rr'
                        ORDER BY t.test_id""")) {
                    while (rs.next()) {
                        perTest.add(String.join(" ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), String.valueOf(rs.getObject(6)), String.valueOf(rs.getObject(7))));
                    }
                }
                assertEquals(List.of("FINISHED Golden#coldBoot FAILED 40 0 null null",
                        "FINISHED Golden#int8 PASSED 1250 300 4.5 9.25"), perTest);
                for (String run : List.of("run-rr", "run-replayed")) {
                    List<String> perRow = new ArrayList<>();
                    try (ResultSet rs = query.executeQuery("SELECT phase, length(tests.test_id), attributes['tests_failed'] "
                            + "FROM parallax.runs FINAL WHERE run_id = '" + run + "' ORDER BY event_time")) {
                        while (rs.next()) perRow.add(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getString(3));
                    }
                    List<String> expected = run.equals("run-rr") ? List.of("STARTED 0 ", "FINISHED 2 1") : List.of("FINISHED 2 1");
                    assertEquals(expected, perRow, "one FINISHED per run, its latest statement: " + run);
                }
            }
        }
    }

    /** One sink batch of run records, through the sink's mapper and writer. */
    private static void write(ParallaxConfig config, byte[]... values) throws Exception {
        RowMapper runs = Routes.standard().get(Topics.RUN);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (byte[] value : values) {
            rows.add(runs.map(new ConsumerRecord<>(Topics.RUN, 0, rows.size(), null, value)).orElseThrow().values());
        }
        try (Connection connection = Warehouse.connect(config);
             TableWriter writer = new TableWriter(connection, "parallax", Tables.RUNS)) {
            writer.write(rows);
        }
    }
}
