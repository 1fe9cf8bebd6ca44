package dev.parallax.ui.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.router.Location;
import dev.parallax.analytics.changepoint.ChangePointSettings;
import dev.parallax.analytics.regression.RunMetric;
import dev.parallax.insights.FleetData;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.access.Roles;
import dev.parallax.insights.divergence.DivergenceService;
import dev.parallax.insights.energy.EnergyService;
import dev.parallax.insights.generation.GenerationService;
import dev.parallax.insights.latency.LatencyService;
import dev.parallax.insights.regression.ChangePoints;
import dev.parallax.insights.regression.RunChange;
import dev.parallax.insights.regression.RunSeriesReader;
import dev.parallax.insights.regression.SeriesKey;
import dev.parallax.insights.throttle.ThrottleService;
import dev.parallax.insights.warehouse.SideBySideReads;
import dev.parallax.insights.warehouse.Warehouse;
import dev.parallax.ui.security.SignedIn;
import dev.parallax.ui.tests.TestView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.security.access.AccessDeniedException;

/**
 * The test page's change points: listed with their evidence, marked on the latency chart, and marked as expected by
 * an operator only.
 */
class ChangePointListTest {

    @AutoClose
    static final SideBySideReads READS = new SideBySideReads();

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final SeriesKey KEY = new SeriesKey("cl-test", "cl-model", "INT8", "EDGE", "pi5-hailo8l");
    static ChangePoints changePoints;

    /** 30 runs half an hour apart within the last day at about 40 ms, then 3 at 50 ms; one latency window now. */
    @BeforeAll
    static void load() {
        Warehouse w = warehouse.warehouse();
        SplittableRandom random = new SplittableRandom(7);
        Instant first = NOW.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(20));
        for (int i = 0; i < 33; i++) {
            FleetData.inferences(w, "cl-run-" + (i + 1), first.plus(Duration.ofMinutes(30L * i)), 1, 10, "cl-test",
                    "cl-model", "EDGE", "cl-pi", "pi5-hailo8l", (i < 30 ? 40 : 50) * (1 + 0.01 * random.nextGaussian()),
                    9, 4);
        }
        FleetData.windows(w, NOW, "cl-test", "cl-model", "EDGE", "pi5-hailo8l", 1, 10, 50, 3);
        changePoints = new ChangePoints(w, new RunSeriesReader(w), new ChangePointSettings(50, 0.001, 0.05), CLOCK);
        changePoints.analyse(KEY);
    }

    @AfterEach
    void signOut() {
        SignedIn.nobody();
    }

    @Test
    void theTestPageListsItsChangePointsAndMarksThemOnTheLatencyChart() {
        SignedIn.as("vera", Roles.VIEWER);
        TestView view = view();
        List<RunChange> listed = grid(view).getListDataView().getItems().toList();
        assertEquals(List.of("cl-run-31"), listed.stream().map(RunChange::runId).distinct().toList());
        assertTrue(listed.stream().anyMatch(c -> c.metric() == RunMetric.P99_LATENCY_MS && c.fails()), listed.toString());
        assertEquals(8, grid(view).getColumns().size(), "a viewer gets no action");
        String option = find(view, "latency").getElement().getProperty("option");
        assertTrue(option.contains("\"name\":\"change points\""), option);
        assertTrue(option.matches(".*\"name\":\"EDGE p99 latency \\+2\\d(\\.\\d+)? % \\(p = [^)]+\\)\".*"), option);
        // One window of 10 inferences: its tooltips give the p50 an interval and say what the p99 lacks.
        assertTrue(option.matches(".*\"tip\":\"[\\d.]+ ms \\(95 % CI [\\d.]+ – [\\d.]+\\)\".*"), option);
        assertTrue(option.contains(" ms (not enough samples: 10 of 368)\""), option);
    }

    @Test
    void onlyAnOperatorMarksAChangeExpectedAndThenItNoLongerFails() {
        SignedIn.as("vera", Roles.VIEWER);
        ChangePointList list = new ChangePointList(changePoints, SignedIn.currentUser());
        RunChange p50 = list.show("cl-test", NOW.minus(Duration.ofDays(1)), NOW).stream()
                .filter(c -> c.metric() == RunMetric.P50_LATENCY_MS).findFirst().orElseThrow();
        assertThrows(AccessDeniedException.class, () -> list.markExpected(p50));
        assertTrue(changePoints.ofTest("cl-test", NOW.minus(Duration.ofDays(1)), NOW).stream()
                .filter(c -> c.metric() == RunMetric.P50_LATENCY_MS).allMatch(RunChange::fails));

        SignedIn.as("olga", Roles.OPERATOR, Roles.VIEWER);
        ChangePointList operators = new ChangePointList(changePoints, SignedIn.currentUser());
        operators.show("cl-test", NOW.minus(Duration.ofDays(1)), NOW);
        operators.markExpected(p50);
        RunChange marked = changePoints.ofTest("cl-test", NOW.minus(Duration.ofDays(1)), NOW).stream()
                .filter(c -> c.metric() == RunMetric.P50_LATENCY_MS).findFirst().orElseThrow();
        assertEquals("olga", marked.expectedBy());
        assertFalse(marked.fails());
        assertEquals("olga", ((Grid<RunChange>) find(operators, "change-points")).getListDataView().getItems()
                .filter(c -> c.metric() == RunMetric.P50_LATENCY_MS).findFirst().orElseThrow().expectedBy(),
                "the list shows the mark at once");
    }

    private static TestView view() {
        Warehouse w = warehouse.warehouse();
        TestView view = new TestView(new LatencyService(w), new GenerationService(w), new EnergyService(w),
                new DivergenceService(w), new ThrottleService(w), changePoints, SignedIn.currentUser(), CLOCK,
                READS);
        view.show("cl-test", new Location("tests/cl-test"));
        return view;
    }

    @SuppressWarnings("unchecked")
    private static Grid<RunChange> grid(Component root) {
        return (Grid<RunChange>) find(root, "change-points");
    }

    private static Component find(Component root, String id) {
        return descendants(root).filter(c -> c.getId().equals(Optional.of(id))).findFirst().orElseThrow();
    }

    private static Stream<Component> descendants(Component c) {
        return Stream.concat(Stream.of(c), c.getChildren().flatMap(ChangePointListTest::descendants));
    }
}
