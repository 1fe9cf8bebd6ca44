package dev.parallax.ui.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.ui.FleetData;
import dev.parallax.ui.WarehouseFixture;
import dev.parallax.ui.warehouse.Period;
import dev.parallax.ui.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The minutes a run's inferences span, which a run's page reads its rows over. */
class RunPeriodsTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();

    @Test
    void theMinutesFromARunsFirstInferenceToTheOneAfterItsLast() {
        Warehouse w = warehouse.warehouse();
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(2));
        // 3 minutes on the edge and, later, 2 on the cloud ending an hour on; another run in between is not its.
        FleetData.inferences(w, "rp-run", end, 3, 4, "rp-test", "rp-model", "EDGE", "rp-pi", "pi5-hailo8l", 40, 9, 4);
        FleetData.inferences(w, "rp-run", end.plus(Duration.ofHours(1)), 2, 4, "rp-test", "rp-model", "CLOUD",
                "rp-gpu", "cloud-a10g", 8, 150, 60);
        FleetData.inferences(w, "rp-other", end.plus(Duration.ofHours(3)), 1, 4, "rp-test", "rp-model", "EDGE",
                "rp-pi", "pi5-hailo8l", 40, 9, 4);
        // A resent copy of the run's last event: the same time, not a later minute.
        w.update("""
                INSERT INTO parallax.inference_events SELECT * FROM parallax.inference_events
                WHERE run_id = 'rp-run' ORDER BY event_time DESC LIMIT 1
                """);

        RunPeriods periods = new RunPeriods(w);
        // The last inference is at 45 s of the minute before the cloud's end: the period ends at that minute's end.
        assertEquals(new Period(end.minus(Duration.ofMinutes(3)), end.plus(Duration.ofHours(1))),
                periods.of("rp-run").orElseThrow());
        assertEquals(new Period(end.plus(Duration.ofHours(3)).minus(Duration.ofMinutes(1)),
                end.plus(Duration.ofHours(3))), periods.of("rp-other").orElseThrow());
        assertTrue(periods.of("rp-never").isEmpty(), "a run without inferences has no period");
    }
}
