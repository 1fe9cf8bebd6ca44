package dev.parallax.ui.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run's listed tests come from its FINISHED as last stated (sequential forks each state it anew, with one event id
 * and time), once each even when a statement was delivered twice, failed ones first; a FINISHED of an older runner,
 * one per fork with its own time, gives the latest; a run without outcomes lists none.
 */
class RunTestsTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();

    @Test
    void theLatestFinishedListsTheTestsFailedFirst() {
        Warehouse w = warehouse.warehouse();
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // The first fork's FINISHED lists one test and says it passed; the second fork restates it: every fork's tests.
        String finishedId = UUID.randomUUID().toString();
        finished(w, finishedId, "rt-run", end, "['A#one']", "['one()']", "['PASSED']", "[1200]", "[100]", "[4.5]", "[9.1]");
        for (int delivery = 0; delivery < 2; delivery++) {
            finished(w, finishedId, "rt-run", end, "['A#one', 'B#two', 'B#three']", "['one()', 'two()', 'three()']",
                    "['PASSED', 'FAILED', 'SKIPPED']", "[1200, 800, 0]", "[100, 50, 0]", "[4.5, 5.5, NULL]",
                    "[9.1, 12.0, NULL]");
        }
        // An older runner: the first fork's own FINISHED a minute before the second's, which lists both.
        finished(w, "rt-old", end.minusSeconds(60), "['A#one']", "['one()']", "['PASSED']", "[1200]", "[100]", "[4.5]", "[9.1]");
        finished(w, "rt-old", end, "['A#one', 'B#two']", "['one()', 'two()']", "['PASSED', 'FAILED']", "[1200, 800]",
                "[100, 50]", "[4.5, 5.5]", "[9.1, 12.0]");
        w.update("INSERT INTO parallax.runs (event_id, event_time, run_id, phase, trigger) VALUES (?, ?, 'rt-run', "
                + "'STARTED', 'PR')", UUID.randomUUID().toString(), end.minusSeconds(600));

        List<TestOutcome> listed = new RunTests(w).of("rt-run");
        assertEquals(List.of("B#two", "B#three", "A#one"), listed.stream().map(TestOutcome::testId).toList());
        TestOutcome failed = listed.getFirst();
        assertTrue(failed.failed());
        assertEquals(new TestOutcome("B#two", "two()", "FAILED", 800, 50, 5.5, 12.0), failed);
        assertTrue(Double.isNaN(listed.get(1).latencyP99Ms()), "a test that recorded nothing has no latency");
        assertEquals(List.of("B#two", "A#one"), new RunTests(w).of("rt-old").stream().map(TestOutcome::testId).toList());
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
