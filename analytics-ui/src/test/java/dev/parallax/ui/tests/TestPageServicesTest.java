package dev.parallax.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.router.Location;
import dev.parallax.analytics.changepoint.ChangePointSettings;
import dev.parallax.analytics.energy.EnergyAccumulator;
import dev.parallax.analytics.energy.EnergyEstimate;
import dev.parallax.insights.FleetData;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.divergence.DivergencePoint;
import dev.parallax.insights.divergence.DivergenceService;
import dev.parallax.insights.energy.EnergyFigure;
import dev.parallax.insights.energy.EnergyService;
import dev.parallax.insights.generation.GenerationService;
import dev.parallax.insights.latency.KeyFigures;
import dev.parallax.insights.latency.LatencyService;
import dev.parallax.insights.regression.ChangePoints;
import dev.parallax.insights.regression.RunSeriesReader;
import dev.parallax.insights.throttle.Episode;
import dev.parallax.insights.throttle.ThrottleService;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.SideBySideReads;
import dev.parallax.insights.warehouse.Warehouse;
import dev.parallax.ui.security.SignedIn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Energy, divergence, throttle and too-late figures of a test page over known warehouse rows. */
class TestPageServicesTest {

    @AutoClose
    static final SideBySideReads READS = new SideBySideReads();

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final Instant FROM = NOW.minus(Duration.ofHours(1));
    static final double[] POWER = {9, 10, 11, 12, 13};

    @BeforeAll
    static void load() {
        Warehouse w = warehouse.warehouse();
        for (int i = 0; i < POWER.length; i++) {
            FleetData.inference(w, NOW.minus(Duration.ofMinutes(10 + i)), "tp-energy", "EDGE", "tp-pi-1",
                    "pi5-hailo8l", 100, POWER[i], 4);
        }
        FleetData.inference(w, NOW.minus(Duration.ofMinutes(5)), "tp-energy", "CLOUD", "tp-gpu-1", "cloud-a10g",
                8, 150, 60);
        FleetData.windows(w, NOW, "tp-energy", "tp-model", "EDGE", "pi5-hailo8l", 5, 10, 40, 5);
        // 6 of the key's events came too late while this window, 20 minutes ago, was its newest.
        FleetData.lateWindow(w, NOW.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(20)), "tp-energy",
                "tp-model", "EDGE", "pi5-hailo8l", 10, 40, 6, 16);
        FleetData.divergenceWindow(w, NOW.minus(Duration.ofMinutes(30)), "tp-model", "INT8", "pi5-hailo8l",
                120, 0.025, 0.1, 0.991, 28);
        FleetData.divergenceWindow(w, NOW.minus(Duration.ofHours(3)), "tp-model", "INT8", "pi5-hailo8l",
                120, 0.5, 0.1, 0.9, 10);
        FleetData.episode(w, "tp-pi-1", "pi5-hailo8l", NOW.minus(Duration.ofMinutes(14)),
                NOW.minus(Duration.ofMinutes(11)), 83.5, 1.42);
        FleetData.episode(w, "tp-pi-other", "pi5-hailo8l", NOW.minus(Duration.ofMinutes(14)),
                NOW.minus(Duration.ofMinutes(11)), 90, 2.0);
    }

    @Test
    void theTestPageShowsEachKeysEventsThatCameTooLate() {
        Warehouse w = warehouse.warehouse();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        TestView view = new TestView(new LatencyService(w), new GenerationService(w), new EnergyService(w),
                new DivergenceService(w), new ThrottleService(w),
                new ChangePoints(w, new RunSeriesReader(w), ChangePointSettings.defaults(), clock), SignedIn.currentUser(),
                clock, READS);
        view.show("tp-energy", new Location("tests/tp-energy")); // the page's default range, the last 24 hours
        @SuppressWarnings("unchecked")
        Grid<KeyFigures> grid = (Grid<KeyFigures>) view.getChildren()
                .flatMap(c -> c instanceof Grid<?> ? Stream.of(c) : c.getChildren())
                .filter(c -> c.getId().equals(Optional.of("latency-keys"))).findFirst().orElseThrow();
        assertEquals(List.of("Model", "Version", "Precision", "Tier", "Device class", "Inferences", "Errors", "p50",
                "p99", "Too late (beyond the horizon)"),
                grid.getColumns().stream().map(Grid.Column::getHeaderText).toList());
        List<KeyFigures> keys = grid.getListDataView().getItems().toList();
        assertEquals(1, keys.size(), keys.toString());
        assertEquals(6, keys.getFirst().tooLate());
        assertEquals(5 * 10 + 10, keys.getFirst().inferences());
    }

    @Test
    void energyPerInferenceHasTheConfidenceIntervalOfItsSamples() {
        List<EnergyFigure> figures = new EnergyService(warehouse.warehouse()).figures("tp-energy", new Period(FROM, NOW));
        assertEquals(2, figures.size());
        EnergyFigure edge = figures.stream().filter(f -> f.precision().equals("INT8")).findFirst().orElseThrow();
        EnergyAccumulator truth = new EnergyAccumulator();
        for (double p : POWER) {
            truth.add(p, 4, 100);
        }
        EnergyEstimate expected = truth.estimate();
        assertEquals(5, edge.estimate().inferences());
        assertEquals(0.7, edge.estimate().meanJoules(), 1e-12, "(9..13 W − 4 W) × 100 ms");
        assertEquals(expected.lowJoules(), edge.estimate().lowJoules(), 1e-12);
        assertEquals(expected.highJoules(), edge.estimate().highJoules(), 1e-12);
        EnergyFigure cloud = figures.stream().filter(f -> f.precision().equals("FP32")).findFirst().orElseThrow();
        assertEquals(0.72, cloud.estimate().meanJoules(), 1e-12, "(150 − 60) W × 8 ms");
        assertTrue(Double.isNaN(cloud.estimate().lowJoules()), "one inference has no interval");
    }

    @Test
    void divergenceOfTheTestsModelsInTheRange() {
        List<DivergencePoint> points = new DivergenceService(warehouse.warehouse()).series("tp-energy", FROM, NOW);
        assertEquals(1, points.size(), "the 3-hour-old window is outside the range");
        assertEquals(0.025, points.getFirst().flipRate(), 1e-12);
        assertEquals("tp-model INT8 · pi5-hailo8l", points.getFirst().series());
    }

    @Test
    void throttleEpisodesOfTheDevicesTheTestRanOn() {
        List<Episode> episodes = new ThrottleService(warehouse.warehouse()).forTest("tp-energy", FROM, NOW);
        assertEquals(1, episodes.size(), "tp-pi-other never ran the test");
        assertEquals("tp-pi-1", episodes.getFirst().deviceId());
        assertEquals(1.42, episodes.getFirst().latencyInflation(), 1e-12);
        assertEquals(Duration.ofMinutes(3), episodes.getFirst().duration());
    }
}
