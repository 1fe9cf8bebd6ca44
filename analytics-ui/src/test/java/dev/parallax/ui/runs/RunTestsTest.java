package dev.parallax.ui.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.ui.WarehouseFixture;
import dev.parallax.ui.warehouse.Warehouse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run's listed tests come from its latest FINISHED (sequential forks each publish one), once each even when that
 * FINISHED was delivered twice, failed ones first; a run without outcomes lists none.
 */
class RunTestsTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();

    @Test
    void theLatestFinishedListsTheTestsFailedFirst() {
        Warehouse w = warehouse.warehouse();
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // The first fork's FINISHED lists one test; the second's, a minute later, lists every fork's.
        finished(w, "rt-run", end.minusSeconds(60), "['A#one']", "['one()']", "['PASSED']", "[1200]", "[100]",
                "[4.5]", "[9.1]");
        String everyFork = UUID.randomUUID().toString();
        for (int delivery = 0; delivery < 2; delivery++) {
            finished(w, everyFork, "rt-run", end, "['A#one', 'B#two', 'B#three']", "['one()', 'two()', 'three()']",
                    "['PASSED', 'FAILED', 'SKIPPED']", "[1200, 800, 0]", "[100, 50, 0]", "[4.5, 5.5, NULL]",
                    "[9.1, 12.0, NULL]");
        }
        w.update("INSERT INTO parallax.runs (event_id, event_time, run_id, phase, trigger) VALUES (?, ?, 'rt-run', "
                + "'STARTED', 'PR')", UUID.randomUUID().toString(), end.minusSeconds(600));

        List<TestOutcome> listed = new RunTests(w).of("rt-run");
        assertEquals(List.of("B#two", "B#three", "A#one"), listed.stream().map(TestOutcome::testId).toList());
        TestOutcome failed = listed.getFirst();
        assertTrue(failed.failed());
        assertEquals(new TestOutcome("B#two", "two()", "FAILED", 800, 50, 5.5, 12.0), failed);
        assertTrue(Double.isNaN(listed.get(1).latencyP99Ms()), "a test that recorded nothing has no latency");
        assertEquals(List.of(), new RunTests(w).of("rt-no-such-run"));
    }

    private static void finished(Warehouse w, String run, Instant at, String... tests) {
        finished(w, UUID.randomUUID().toString(), run, at, tests);
    }

    private static void finished(Warehouse w, String eventId, String run, Instant at, String... tests) {
        w.update("INSERT INTO parallax.runs (event_id, event_time, run_id, phase, trigger, tests.test_id, "
                + "tests.display_name, tests.outcome, tests.duration_ms, tests.inferences, tests.latency_p50_ms, "
                + "tests.latency_p99_ms) VALUES (?, ?, ?, 'FINISHED', 'PR', " + String.join(", ", tests) + ")",
                eventId, at, run);
    }
}
