package dev.parallax.insights.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.latency.DDQuantileSketch;
import dev.parallax.insights.FleetData;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.latency.InferenceCounts;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LatencyServiceTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static final Instant NOW = Instant.now();
    static DDQuantileSketch edgeTruth;

    @BeforeAll
    static void load() {
        edgeTruth = FleetData.windows(warehouse.warehouse(), NOW, "latency-svc", "EDGE", "pi5-hailo8l", 30, 200, 40, 1);
        FleetData.windows(warehouse.warehouse(), NOW, "latency-svc", "CLOUD", "cloud-a10g", 30, 200, 8, 2);
        Warehouse w = warehouse.warehouse();
        Instant minute = NOW.truncatedTo(ChronoUnit.MINUTES);
        // The EDGE key's window 10 minutes ago, emitted twice: 2 too-late events, then 3 more (running count 5).
        FleetData.lateWindow(w, minute.minus(Duration.ofMinutes(10)), "late-svc", "resnet50", "EDGE", "pi5-hailo8l",
                100, 40, 2, 102);
        FleetData.lateWindow(w, minute.minus(Duration.ofMinutes(10)), "late-svc", "resnet50", "EDGE", "pi5-hailo8l",
                120, 40, 5, 125);
        FleetData.lateWindow(w, minute.minus(Duration.ofMinutes(5)), "late-svc", "resnet50", "EDGE", "pi5-hailo8l",
                80, 44, 3, 83);
        // Three hours ago: outside a 1-hour range.
        FleetData.lateWindow(w, minute.minus(Duration.ofHours(3)), "late-svc", "resnet50", "EDGE", "pi5-hailo8l",
                10, 40, 100, 110);
        FleetData.lateWindow(w, minute.minus(Duration.ofMinutes(10)), "late-svc", "resnet50", "CLOUD", "cloud-a10g",
                50, 8, 0, 50);
    }

    @Test
    void aTestIsKnownOnceAnyOfItsInferencesArrived() {
        LatencyService service = new LatencyService(warehouse.warehouse());
        assertTrue(service.known("latency-svc"));
        assertTrue(service.known("late-svc"), "hours-old windows count too");
        assertFalse(service.known("no-such-test"));
    }

    @Test
    void eachKeyOfATestShowsItsEventsThatCameTooLateInTheRange() {
        LatencyService service = new LatencyService(warehouse.warehouse());
        List<KeyFigures> keys = service.latency("late-svc", new Period(NOW.minus(Duration.ofHours(1)), NOW)).keys();
        assertEquals(2, keys.size(), keys.toString());
        KeyFigures edge = keys.getFirst();
        assertEquals(List.of("resnet50", "v1", "INT8", "EDGE", "pi5-hailo8l"),
                List.of(edge.modelName(), edge.modelVersion(), edge.precision(), edge.tier(), edge.deviceClass()));
        assertEquals(5 + 3, edge.tooLate(), "the window's latest version (5) and the other window's 3");
        assertEquals(120 + 80, edge.inferences(), "the replaced version's 100 do not count");
        assertEquals(40, edge.p50Ms(), 40 * 0.01);
        assertEquals(44, edge.p99Ms(), 44 * 0.01);
        KeyFigures cloud = keys.get(1);
        assertEquals("CLOUD", cloud.tier());
        assertEquals(0, cloud.tooLate());
        assertEquals(50, cloud.inferences());

        assertEquals(108, service.latency("late-svc", new Period(NOW.minus(Duration.ofDays(1)), NOW)).keys().getFirst()
                .tooLate(),
                "a day's range holds the 3-hour-old window too");
        assertTrue(service.latency("no-such-test", new Period(NOW.minus(Duration.ofHours(1)), NOW)).keys().isEmpty());
    }

    @Test
    void tooLateEventsPerTestForTheReport() {
        Map<String, Long> byTest = LatencyService.tooLateByTest(new InferenceCounts(warehouse.warehouse())
                .perKey("", new Period(NOW.minus(Duration.ofHours(1)), NOW)));
        assertEquals(8L, byTest.get("late-svc"));
        assertEquals(0L, byTest.get("latency-svc"), "a test whose events all counted shows 0");
    }

    @Test
    void aRangeIsTheMergeOfItsWindowSketches() {
        LatencyService service = new LatencyService(warehouse.warehouse());
        // 30 minutes in one 2-hour range: 1-minute buckets, one point per window and tier.
        List<LatencyPoint> points = service.series("latency-svc", new Period(NOW.minus(Duration.ofHours(2)), NOW));
        assertEquals(60, points.size());
        // A range of 4 days: buckets of 48 minutes; all 30 windows of a tier fall in at most two buckets.
        List<LatencyPoint> coarse = service.series("latency-svc", new Period(NOW.minus(Duration.ofDays(4)), NOW));
        List<LatencyPoint> edge = coarse.stream().filter(p -> p.tier().equals("EDGE")).toList();
        assertTrue(edge.size() <= 2, edge.toString());
        assertEquals(30 * 200, edge.stream().mapToLong(LatencyPoint::samples).sum());
        if (edge.size() == 1) {
            assertEquals(edgeTruth.quantile(0.99), edge.getFirst().p99Ms(), 1e-9, "the merge of the stored sketches");
        }
    }

    @Test
    void wholeRangeMergeMatchesTheSketchOfAllLatencies() {
        LatencyService service = new LatencyService(warehouse.warehouse());
        Instant from = NOW.minus(Duration.ofMinutes(120));
        List<LatencyPoint> points = service.series("latency-svc", new Period(from, from.plus(Duration.ofHours(2))));
        long edgeSamples = points.stream().filter(p -> p.tier().equals("EDGE")).mapToLong(LatencyPoint::samples).sum();
        assertEquals(edgeTruth.count(), edgeSamples);
        assertTrue(service.series("no-such-test", new Period(from, NOW)).isEmpty());
    }

    @Test
    void bucketsAreWholeMinutesAndAtMost120PerRange() {
        assertEquals(Duration.ofMinutes(1), LatencyService.bucket(NOW.minus(Duration.ofHours(1)), NOW));
        assertEquals(Duration.ofMinutes(84), LatencyService.bucket(NOW.minus(Duration.ofDays(7)), NOW));
    }
}
