package dev.parallax.ui.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.changepoint.ChangePointSettings;
import dev.parallax.insights.FleetData;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.regression.ChangePoints;
import dev.parallax.insights.regression.RunSeriesReader;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.SideBySideReads;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The events a run's page reads: the run's, over the minutes of its inferences, on its test when it ran one. */
class RunScopeTest {

    @AutoClose
    static final SideBySideReads READS = new SideBySideReads();

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();

    @Test
    void theMinutesFromARunsFirstInferenceToTheOneAfterItsLastOnItsOneTest() {
        Warehouse w = warehouse.warehouse();
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(2));
        // 3 minutes on the edge and, later, 2 on the cloud ending an hour on; another run in between is not its.
        FleetData.inferences(w, "rs-run", end, 3, 4, "rs-test", "rs-model", "EDGE", "rs-pi", "pi5-hailo8l", 40, 9, 4);
        FleetData.inferences(w, "rs-run", end.plus(Duration.ofHours(1)), 2, 4, "rs-test", "rs-model", "CLOUD",
                "rs-gpu", "cloud-a10g", 8, 150, 60);
        FleetData.inferences(w, "rs-other", end.plus(Duration.ofHours(3)), 1, 4, "rs-test", "rs-model", "EDGE",
                "rs-pi", "pi5-hailo8l", 40, 9, 4);
        // A resent copy of the run's last event: the same time, not a later minute.
        w.update("""
                INSERT INTO parallax.inference_events SELECT * FROM parallax.inference_events
                WHERE run_id = 'rs-run' ORDER BY event_time DESC LIMIT 1
                """);

        RunScope scope = new RunScope(w);
        // The last inference is at 45 s of the minute before the cloud's end: the period ends at that minute's end.
        RunFilter run = scope.of("rs-run").orElseThrow();
        assertEquals(new Period(end.minus(Duration.ofMinutes(3)), end.plus(Duration.ofHours(1))), run.period());
        assertEquals("rs-run", run.runId());
        assertEquals("rs-test", run.testId(), "its one test: the start of the events' sort key");
        assertEquals(new Period(end.plus(Duration.ofHours(3)).minus(Duration.ofMinutes(1)),
                end.plus(Duration.ofHours(3))), scope.of("rs-other").orElseThrow().period());
        assertTrue(scope.of("rs-never").isEmpty(), "a run without inferences has none");

        RunSeriesReader reader = new RunSeriesReader(w);
        RunsService runs = new RunsService(w, reader,
                new ChangePoints(w, reader, ChangePointSettings.defaults(), Clock.systemUTC()), READS);
        RunFilter ever = RunFilter.of(new Period(Instant.EPOCH, Instant.now().plus(Duration.ofMinutes(1))))
                .withRun("rs-run");
        assertEquals(runs.page(ever, List.of(), 0, 50, runs.gate()), runs.page(run, List.of(), 0, 50, runs.gate()),
                "the same rows as over all time");
    }

    @Test
    void aRunOfSeveralTestsIsNotNarrowedToOne() {
        Warehouse w = warehouse.warehouse();
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(1));
        FleetData.inferences(w, "rs-both", end, 2, 3, "rs-first", "rs-model", "EDGE", "rs-pi", "pi5-hailo8l", 40, 9, 4);
        FleetData.inferences(w, "rs-both", end, 2, 3, "rs-second", "rs-model", "EDGE", "rs-pi", "pi5-hailo8l", 40, 9,
                4);
        RunFilter both = new RunScope(w).of("rs-both").orElseThrow();
        assertEquals("", both.testId(), "any of its tests");
        assertEquals("rs-both", both.runId());
    }
}
