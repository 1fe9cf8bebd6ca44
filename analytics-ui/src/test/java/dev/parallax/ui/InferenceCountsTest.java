package dev.parallax.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parallax.insights.FleetData;
import dev.parallax.insights.TestClock;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.energy.EnergyFigure;
import dev.parallax.insights.energy.EnergyService;
import dev.parallax.insights.latency.KeyFigures;
import dev.parallax.insights.latency.LatencyService;
import dev.parallax.insights.reports.DriftReport;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import dev.parallax.ui.overview.OverviewService;
import dev.parallax.ui.overview.TestSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One test's inferences over the same period are the same number on the overview, the test page (its latency keys
 * and its energy table) and the report, over a real ClickHouse holding what makes naive counts differ: windows
 * re-emitted with a higher version, an event stored twice (a resent batch not merged yet), and an event of the
 * minute still running (in no window yet).
 */
class InferenceCountsTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static final TestClock CLOCK = new TestClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(42));
    static final Instant NOW = CLOCK.instant();
    static final String TEST = "ca-test";
    static final int MINUTES = 20;
    static final int EDGE_PER_MINUTE = 30;
    static final int CLOUD_PER_MINUTE = 10;

    @BeforeAll
    static void load() {
        Warehouse w = warehouse.warehouse();
        FleetData.inferences(w, NOW, MINUTES, EDGE_PER_MINUTE, TEST, "ca-model", "EDGE", "ca-pi", "pi5-hailo8l", 40, 9,
                4);
        FleetData.inferences(w, NOW, MINUTES, CLOUD_PER_MINUTE, TEST, "ca-model", "CLOUD", "ca-gpu", "cloud-a10g", 8,
                150, 60);
        FleetData.inference(w, NOW.minusSeconds(5), TEST, "EDGE", "ca-pi", "pi5-hailo8l", 40, 9, 4);
        Instant last = NOW.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
        for (int m = 0; m < MINUTES; m++) {
            Instant start = last.minus(Duration.ofMinutes(m));
            FleetData.lateWindow(w, start, TEST, "ca-model", "EDGE", "pi5-hailo8l", EDGE_PER_MINUTE, 40, 0, 2);
            FleetData.lateWindow(w, start, TEST, "ca-model", "CLOUD", "cloud-a10g", CLOUD_PER_MINUTE, 8, 0, 1);
        }
    }

    @Test
    void theSamePeriodGivesTheSameCountOnEveryPage() {
        Warehouse w = warehouse.warehouse();
        long edge = (long) MINUTES * EDGE_PER_MINUTE;
        long cloud = (long) MINUTES * CLOUD_PER_MINUTE;
        // Copies written just before the pages read: a resent event, and the first emission of two windows (the
        // versions their re-emission replaced). The engine merges such copies away in the background and refuses
        // SYSTEM STOP MERGES, so a round whose copies were merged before the reads ended proves nothing: up to five
        // rounds, until one ends with its copies still there. Every round's pages must count each event once.
        boolean copiesSeen = false;
        for (int round = 0; round < 5 && !copiesSeen; round++) {
            writeCopies(w);
            pagesCountEachEventOnce(w, edge, cloud);
            copiesSeen = edge + cloud + 1 < w.query("SELECT count() FROM parallax.inference_events WHERE test_id = ?",
                    rs -> rs.getLong(1), TEST).getFirst()
                    && edge + cloud < w.query("SELECT sum(count) FROM parallax.latency_windows WHERE test_id = ?",
                    rs -> rs.getLong(1), TEST).getFirst();
        }
        assumeTrue(copiesSeen, "in five rounds the engine merged the copies away before the pages had read");
    }

    private static void writeCopies(Warehouse w) {
        w.update("INSERT INTO parallax.inference_events SELECT * FROM parallax.inference_events WHERE test_id = ? "
                + "AND tier = 'EDGE' ORDER BY event_time LIMIT 1", TEST);
        Instant last = NOW.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
        for (int m = 0; m < 2; m++) {
            FleetData.lateWindow(w, last.minus(Duration.ofMinutes(m)), TEST, "ca-model", "EDGE", "pi5-hailo8l",
                    EDGE_PER_MINUTE - 7, 40, 0, 1);
        }
    }

    private static void pagesCountEachEventOnce(Warehouse w, long edge, long cloud) {
        OverviewService overview = new OverviewService(w, null, CLOCK);
        Period day = overview.period();
        assertEquals(Period.last(Duration.ofDays(1), NOW), day, "the test page's 'Last day'");
        TestSummary summary = overview.tests().stream().filter(t -> t.testId().equals(TEST)).findFirst().orElseThrow();
        assertEquals(edge + cloud, summary.inferences());
        assertEquals("EDGE", summary.currentTier());

        long onTestPage = new LatencyService(w).latency(TEST, day).keys().stream()
                .mapToLong(KeyFigures::inferences).sum();
        assertEquals(edge + cloud, onTestPage);
        long withPower = new EnergyService(w).figures(TEST, day).stream()
                .mapToLong(f -> f.estimate().inferences()).sum();
        assertEquals(edge + cloud, withPower, "every event here has power readings: " + EnergyFigure.COUNTED);

        String report = new DriftReport(w).html(day.from(), day.to(), NOW);
        String latency = report.substring(report.indexOf("<h3>" + TEST + "</h3>"));
        assertTrue(latency.startsWith("<h3>ca-test</h3><table><tr><th>Tier</th><th>Inferences</th>"), latency);
        assertTrue(latency.contains("<td>EDGE</td><td>600</td>"), latency);
        assertTrue(latency.contains("<td>CLOUD</td><td>200</td>"), latency);
    }
}
