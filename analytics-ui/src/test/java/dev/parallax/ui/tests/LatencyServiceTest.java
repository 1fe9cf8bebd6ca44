package dev.parallax.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.latency.DDQuantileSketch;
import dev.parallax.ui.FleetData;
import dev.parallax.ui.WarehouseFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    }

    @Test
    void aRangeIsTheMergeOfItsWindowSketches() {
        LatencyService service = new LatencyService(warehouse.warehouse());
        // 30 minutes in one 2-hour range: 1-minute buckets, one point per window and tier.
        List<LatencyPoint> points = service.series("latency-svc", NOW.minus(Duration.ofHours(2)), NOW);
        assertEquals(60, points.size());
        // A range of 4 days: buckets of 48 minutes; all 30 windows of a tier fall in at most two buckets.
        List<LatencyPoint> coarse = service.series("latency-svc", NOW.minus(Duration.ofDays(4)), NOW);
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
        List<LatencyPoint> points = service.series("latency-svc", from, from.plus(Duration.ofHours(2)));
        long edgeSamples = points.stream().filter(p -> p.tier().equals("EDGE")).mapToLong(LatencyPoint::samples).sum();
        assertEquals(edgeTruth.count(), edgeSamples);
        assertTrue(service.series("no-such-test", from, NOW).isEmpty());
    }

    @Test
    void bucketsAreWholeMinutesAndAtMost120PerRange() {
        assertEquals(Duration.ofMinutes(1), LatencyService.bucket(NOW.minus(Duration.ofHours(1)), NOW));
        assertEquals(Duration.ofMinutes(84), LatencyService.bucket(NOW.minus(Duration.ofDays(7)), NOW));
    }
}
