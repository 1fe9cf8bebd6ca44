package dev.parallax.analytics.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.Tier;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CostModelTest {

    /** The seed's edge example counts the amortized board only ("energy & ops negligible"). */
    private static final CostModel SEED_EDGE = CostModel.DEFAULTS.withEdgeNode(250, Duration.ofHours(17_520))
            .withEdgeRunning(0, 0, 0);

    @Test
    void reproducesTheSeedsEdgeExample() {
        // $250 / (10 inf/s × 3600 × 17,520 h ≈ 630M inferences) ≈ $0.0000004
        double perInference = SEED_EDGE.edgePerInference(10);
        assertEquals(250 / (10.0 * 3600 * 17_520), perInference, 1e-15);
        assertEquals(4.0e-7, perInference, 0.05e-7);
    }

    @Test
    void reproducesTheSeedsCloudExample() {
        // $1/h GPU at 200 inf/s for an 8-hour campaign: $8 / 5.76M ≈ $0.0000014
        CostModel model = CostModel.DEFAULTS.withCloudGpuUsdPerHour(1.00);
        double perInference = model.cloudPerInference(200);
        assertEquals(8 / 5.76e6, perInference, 1e-15);
        assertEquals(1.4e-6, perInference, 0.05e-6);
        assertEquals(8.0, model.monthlyUsd(Tier.CLOUD, 5.76e6, 200), 1e-9, "the campaign costs its 8 GPU hours");
    }

    @Test
    void energyAndOpsAddToTheEdgeCostAsTheSeedsTwentyDollarsAYearDo() {
        CostModel withOps = SEED_EDGE.withEdgeRunning(0, 0, 20);
        double added = withOps.edgePerInference(10) - SEED_EDGE.edgePerInference(10);
        assertEquals(40 / (10.0 * 3600 * 17_520), added, 1e-15, "$20/year over 2 years");

        CostModel withEnergy = SEED_EDGE.withEdgeRunning(20, 0.15, 0);
        double energy = withEnergy.edgePerInference(10) - SEED_EDGE.edgePerInference(10);
        assertEquals(0.020 * 17_520 * 0.15 / (10.0 * 3600 * 17_520), energy, 1e-15, "20 W for 17,520 h at $0.15/kWh");
    }

    @Test
    void edgeWinsForSustainedSmokeTestsAndCloudForHighThroughput() {
        CostModel model = CostModel.DEFAULTS;
        assertTrue(model.edgePerInference(10) < model.cloudPerInference(200));
        assertTrue(model.edgePerInference(0.5) > model.cloudPerInference(200), "an idle edge node is not cheap");
    }

    @Test
    void monthlyCostScalesWithVolume() {
        CostModel model = CostModel.DEFAULTS;
        double monthly = CostModel.monthlyInferences(10);
        assertEquals(10 * 30.4375 * 86_400, monthly, 1e-6);
        assertEquals(2 * model.monthlyUsd(Tier.EDGE, monthly, 10), model.monthlyUsd(Tier.EDGE, 2 * monthly, 10), 1e-9);
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> CostModel.DEFAULTS.edgePerInference(0));
        assertThrows(IllegalArgumentException.class, () -> CostModel.DEFAULTS.cloudPerInference(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> CostModel.DEFAULTS.withCloudGpuUsdPerHour(-1));
        assertThrows(IllegalArgumentException.class, () -> CostModel.DEFAULTS.withEdgeNode(250, Duration.ZERO));
    }
}
