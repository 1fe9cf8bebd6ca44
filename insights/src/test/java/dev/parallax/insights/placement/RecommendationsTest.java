package dev.parallax.insights.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.Tier;
import dev.parallax.analytics.alert.AlertSettings.TestOverrides;
import dev.parallax.analytics.placement.CostModel;
import dev.parallax.analytics.placement.Placement;
import dev.parallax.analytics.placement.Recommendation;
import dev.parallax.insights.FleetData;
import dev.parallax.insights.TestClock;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.access.Roles;
import dev.parallax.insights.access.Someone;
import dev.parallax.insights.alerts.AlertOverrides;
import dev.parallax.insights.warehouse.SideBySideReads;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The placement rubric over known warehouse data: each verdict, its evidence and its cost delta. */
class RecommendationsTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static final SideBySideReads READS = new SideBySideReads();
    static final TestClock CLOCK = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static final Instant NOW = CLOCK.instant();
    static Recommendations recommendations;
    static CostModels costs;

    @BeforeAll
    static void load() {
        Warehouse w = warehouse.warehouse();
        // pl-move: mostly on the cloud, fast enough on one edge node, within budget and tolerance -> edge.
        FleetData.windows(w, NOW.minus(Duration.ofMinutes(30)), "pl-move", "pl-resnet", "CLOUD", "cloud-a10g", 60, 100, 8, 31);
        FleetData.inferences(w, NOW.minus(Duration.ofMinutes(30)), 60, 100, "pl-move", "pl-resnet", "CLOUD",
                "pl-gpu-1", "cloud-a10g", 8, 150, 60);
        FleetData.windows(w, NOW, "pl-move", "pl-resnet", "EDGE", "pi5-hailo8l", 30, 100, 40, 32);
        FleetData.inferences(w, NOW, 30, 100, "pl-move", "pl-resnet", "EDGE", "pl-pi-1", "pi5-hailo8l", 40, 9, 4);
        FleetData.divergenceWindow(w, NOW.minus(Duration.ofMinutes(20)), "pl-resnet", "INT8", "pi5-hailo8l",
                400, 0.0, 0.001, 0.9995, 41);
        // pl-parity: the edge gives other answers -> cloud.
        FleetData.windows(w, NOW, "pl-parity", "pl-yolo", "EDGE", "pi5-hailo8l", 30, 100, 40, 33);
        FleetData.inferences(w, NOW, 30, 100, "pl-parity", "pl-yolo", "EDGE", "pl-pi-2", "pi5-hailo8l", 40, 9, 4);
        FleetData.divergenceWindow(w, NOW.minus(Duration.ofMinutes(20)), "pl-yolo", "INT8", "pi5-hailo8l",
                400, 0.08, 0.3, 0.97, 22);
        // pl-hot: every edge inference inside a throttle episode -> fix cooling.
        FleetData.windows(w, NOW, "pl-hot", "pl-hot-model", "EDGE", "pi5-hailo8l", 30, 100, 40, 34);
        FleetData.inferences(w, NOW, 30, 100, "pl-hot", "pl-hot-model", "EDGE", "pl-pi-hot", "pi5-hailo8l", 40, 9, 4);
        FleetData.episode(w, "pl-pi-hot", "pi5-hailo8l", NOW.minus(Duration.ofMinutes(40)), NOW, 86, 1.8);

        AlertOverrides overrides = new AlertOverrides(w, CLOCK);
        overrides.save("pl-move", new TestOverrides(100.0, null, Set.of()), Set.of(), "olivia");
        costs = new CostModels(w, CLOCK);
        recommendations = new Recommendations(w, READS, costs, overrides, Double.NaN, Duration.ofHours(24), CLOCK);
    }

    static Map<String, Recommendation> byTest() {
        return recommendations.recompute().stream().collect(Collectors.toMap(Recommendation::testId, Function.identity()));
    }

    @Test
    void onlyOperatorsMayRecomputeOnRequest() {
        assertThrows(SecurityException.class, () -> recommendations.recomputeFor(Someone.as("vera", Roles.VIEWER)));
        assertThrows(SecurityException.class, () -> recommendations.recomputeFor(Someone.NOBODY));
        assertTrue(recommendations.recomputeFor(Someone.as("olga", Roles.OPERATOR, Roles.VIEWER)).size() >= 3);
    }

    @Test
    void eachVerdictFollowsFromTheMeasuredData() {
        Map<String, Recommendation> r = byTest();
        Recommendation move = r.get("pl-move");
        assertEquals(Placement.MOVE_TO_EDGE, move.placement(), move.toString());
        assertEquals(Tier.CLOUD, move.current());
        assertEquals(1.0, move.confidence(), 1e-9, "3000 edge samples and 400 pairs reach what they need");
        assertTrue(move.evidence().getFirst().contains("3,000 edge and 6,000 cloud inferences"), move.evidence().toString());

        // 9000 inferences in 24 h, extrapolated to a month; both tiers sustain 100 inferences a minute per node.
        double monthly = 9000 / 86_400.0 * 30.4375 * 86_400;
        double rate = 100 / 60.0;
        CostModel model = CostModel.DEFAULTS;
        assertEquals(monthly * (model.edgePerInference(rate) - model.cloudPerInference(rate)),
                move.monthlyCostDeltaUsd(), 1e-9);

        assertEquals(Placement.RUN_ON_CLOUD, r.get("pl-parity").placement());
        assertTrue(r.get("pl-parity").reason().contains("numeric parity"));
        assertEquals(Placement.FIX_COOLING, r.get("pl-hot").placement());
        assertTrue(r.get("pl-hot").evidence().stream().anyMatch(e -> e.contains("100 % of edge inferences")),
                r.get("pl-hot").evidence().toString());

        StoredRecommendation stored = recommendations.stored().stream().filter(s -> s.testId().equals("pl-move"))
                .findFirst().orElseThrow();
        assertEquals("MOVE_TO_EDGE", stored.placement());
        assertEquals("EDGE", stored.recommendedTier());
        assertEquals(move.evidence(), stored.evidence());
        assertEquals(move.monthlyCostDeltaUsd(), stored.monthlyCostDeltaUsd(), 1e-9);
    }

    @Test
    void aSavedCostModelChangesTheDelta() {
        CostModel pricier = CostModel.DEFAULTS.withCloudGpuUsdPerHour(2.5);
        costs.save(pricier, "admin");
        try {
            assertEquals(pricier, costs.current());
            double monthly = 9000 / 86_400.0 * 30.4375 * 86_400;
            double rate = 100 / 60.0;
            assertEquals(monthly * (pricier.edgePerInference(rate) - pricier.cloudPerInference(rate)),
                    byTest().get("pl-move").monthlyCostDeltaUsd(), 1e-9);
        } finally {
            costs.save(CostModel.DEFAULTS, "admin");
        }
    }
}
