package dev.parallax.insights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.insights.divergence.DivergencePairs;
import dev.parallax.insights.divergence.DivergencePairs.Candidate;
import dev.parallax.insights.divergence.DivergenceService;
import dev.parallax.insights.latency.LatencyWindows;
import dev.parallax.insights.latency.LatencyWindows.StoredWindow;
import dev.parallax.insights.throttle.ThrottleService;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every query of the derived tables' read models (one per table: {@link LatencyWindows}, {@link ThrottleService},
 * {@link DivergenceService}, {@link DivergencePairs}) against the schema the migrations build, each finding the
 * rows written for it: the row types are held to the migrations by {@code DerivedTablesTest}, the readers to them
 * here, so a column renamed in one place fails the build, not a dashboard.
 */
class ReadModelsTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    static final Period HOUR = new Period(NOW.minus(Duration.ofHours(1)), NOW);
    static final String TEST = "rm-test";
    static final String MODEL = "rm-model";
    static final String RUN = "rm-run";

    @BeforeAll
    static void write() {
        Warehouse w = warehouse.warehouse();
        FleetData.windows(w, NOW, TEST, MODEL, "EDGE", "pi5-hailo8l", 10, 20, 40, 7);
        FleetData.inferences(w, RUN, NOW, 10, 6, TEST, MODEL, "EDGE", "rm-pi", "pi5-hailo8l", 40, 9, 4);
        FleetData.episode(w, "rm-pi", "pi5-hailo8l", NOW.minus(Duration.ofMinutes(8)), NOW.minus(Duration.ofMinutes(2)),
                81, 1.4);
        FleetData.divergenceWindow(w, NOW.minus(Duration.ofMinutes(30)), MODEL, "INT8", "pi5-hailo8l", 100, 0.02, 0.01,
                0.998, 31);
        FleetData.divergencePair(w, RUN, TEST, MODEL, "INT8", "pi5-hailo8l", NOW.minus(Duration.ofMinutes(5)), false,
                28);
    }

    @Test
    void latencyWindows() {
        LatencyWindows windows = new LatencyWindows(warehouse.warehouse());
        List<StoredWindow> read = new ArrayList<>();
        windows.sketches(LatencyWindows.Range.startingIn(HOUR).ofTest(TEST), read::add);
        assertEquals(10, read.size(), "one window a minute");
        assertEquals(20, read.stream().mapToLong(s -> s.sketch().count()).sum() / 10);
        List<StoredWindow> ofRun = new ArrayList<>();
        windows.sketches(LatencyWindows.Range.within(HOUR.from(), NOW).ofTestsOfRun(RUN), ofRun::add);
        assertEquals(10, ofRun.size(), "the run's test's windows, all over by now");
        assertTrue(windows.anySketch().isPresent());
        assertEquals(200, windows.countsPerKey(TEST, HOUR).getFirst().inferences());
        assertEquals(20.0 / 60, windows.peakRatePerTest(HOUR).get(TEST), 1e-9);
        Warehouse w = warehouse.warehouse();
        assertEquals(List.of(MODEL), w.query(LatencyWindows.MODELS_OF_TEST, rs -> rs.getString(1), TEST, HOUR.from(),
                NOW));
        assertEquals(List.of(TEST + " " + MODEL + " pi5-hailo8l"), w.query("SELECT * FROM ("
                + LatencyWindows.EDGE_MODELS_OF_TESTS + ") WHERE test_id = ?", rs -> rs.getString(1) + " "
                + rs.getString(2) + " " + rs.getString(3), HOUR.from(), NOW, TEST));
        assertEquals(1, w.query(LatencyWindows.ANY_OF_TEST, rs -> 1, TEST).size());
    }

    @Test
    void throttleEpisodes() {
        ThrottleService throttle = new ThrottleService(warehouse.warehouse());
        assertEquals(1, throttle.forTest(TEST, HOUR.from(), NOW).size());
        assertEquals(1, throttle.forDevice("rm-pi", HOUR.from(), NOW).size());
        assertTrue(throttle.all(HOUR.from(), NOW).stream().anyMatch(e -> e.deviceId().equals("rm-pi")));
        assertTrue(!throttle.throttlingNow("rm-pi") && !throttle.throttlingNow().contains("rm-pi"),
                "its episode ended");
        // 6 a minute for 10 minutes; those of the 6 minutes from 8 to 2 minutes ago ran inside the episode.
        Warehouse w = warehouse.warehouse();
        double share = w.query("""
                SELECT countIf%s / count() FROM (SELECT device_id, event_time FROM parallax.inference_events
                                                 WHERE run_id = ?) AS i
                %s
                """.formatted(ThrottleService.DURING_EPISODE, ThrottleService.EPISODE_OF_EACH_INFERENCE),
                rs -> rs.getDouble(1), RUN, NOW, NOW, HOUR.from()).getFirst();
        assertEquals(37.0 / 60, share, 1e-9, "inferences at 8 to 2 minutes ago, both ends included");
        assertEquals(List.of(1L), w.query("SELECT episodes FROM (" + ThrottleService.PER_DEVICE
                + ") WHERE device_id = ?", rs -> rs.getLong(1), NOW, NOW, HOUR.from(), NOW, NOW, HOUR.from(), "rm-pi"));
    }

    @Test
    void divergenceWindows() {
        DivergenceService divergence = new DivergenceService(warehouse.warehouse());
        assertEquals(1, divergence.series(TEST, HOUR.from(), NOW).size());
        assertEquals(100, divergence.byModel(HOUR.from(), NOW).stream()
                .filter(m -> m.modelName().equals(MODEL)).findFirst().orElseThrow().summary().pairs());
        assertTrue(divergence.byModelSince(HOUR.from()).stream().anyMatch(m -> m.label().equals(MODEL
                + " INT8 · pi5-hailo8l")));
        assertEquals(0.02, divergence.byTest(HOUR.from(), NOW).get(TEST).flipRate(), 1e-9);
    }

    @Test
    void divergencePairs() {
        DivergencePairs pairs = new DivergencePairs(warehouse.warehouse());
        assertEquals(1, pairs.ofRun(RUN).getFirst().summary().pairs());
        assertEquals(1, pairs.ofRuns(RUN, "rm-other").size());
        Map<Candidate, Map<String, DivergencePairs.RunDivergence>> perRun = pairs.perRun(List.of(
                new Candidate(TEST, MODEL, "INT8", "pi5-hailo8l")));
        assertEquals(1.0, perRun.values().iterator().next().get(RUN).flipRate(), 1e-9);
    }
}
