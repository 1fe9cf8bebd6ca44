package dev.parallax.ui.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.changepoint.ChangePointSettings;
import dev.parallax.insights.FleetData;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.regression.ChangePoints;
import dev.parallax.insights.regression.RegressionCheck;
import dev.parallax.insights.regression.RunSeriesReader;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.SideBySideReads;
import dev.parallax.insights.warehouse.Warehouse;
import dev.parallax.ui.runs.RunsService.Sort;
import dev.parallax.ui.runs.RunsService.SortColumn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs read a page at a time from seeded inferences, filtered and sorted in the warehouse, each with the gate's verdict. */
class RunsServiceTest {

    @AutoClose
    static final SideBySideReads READS = new SideBySideReads();

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static final Instant FIRST = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3));
    static RunsService runs;
    static RunFilter all;

    /** 30 runs an hour apart at about 40 ms, then 3 runs 20 % slower: run 31 starts a regression. */
    @BeforeAll
    static void load() {
        Warehouse w = warehouse.warehouse();
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 33; i++) {
            double level = i < 30 ? 40 : 48;
            FleetData.inferences(w, "rv-run-" + (i + 1), FIRST.plus(Duration.ofHours(i)), 1, 20, "rv-step",
                    "rv-model", "EDGE", "rv-pi", "pi5-hailo8l", level * (1 + 0.01 * random.nextGaussian()), 9, 4);
        }
        FleetData.inferences(w, "rv-run-1", FIRST, 1, 5, "rv-step", "rv-model", "CLOUD", "rv-gpu", "cloud-a10g", 8,
                150, 60);
        RunSeriesReader reader = new RunSeriesReader(w);
        runs = new RunsService(w, reader,
                new ChangePoints(w, reader, ChangePointSettings.defaults(), Clock.systemUTC()), READS);
        all = RunFilter.of(Period.last(Duration.ofDays(7), Instant.now().plus(Duration.ofMinutes(1)))).withTest("rv-step");
    }

    @Test
    void aPageOfRunsNewestFirstWithTheGatesVerdict() {
        assertEquals(34, runs.count(all), "33 edge runs and one cloud series of run 1");
        List<RunRow> first = runs.page(all, List.of(), 0, 5, runs.gate());
        assertEquals(List.of("rv-run-33", "rv-run-32", "rv-run-31", "rv-run-30", "rv-run-29"),
                first.stream().map(RunRow::runId).toList());
        RunRow regressed = first.get(2);
        assertTrue(regressed.fails(), regressed.verdict());
        assertTrue(regressed.verdict().startsWith("FAIL · ") && regressed.verdict().contains("p99 latency +"),
                regressed.verdict());
        assertEquals("pass", first.getFirst().verdict());
        assertEquals(20, regressed.inferences());
        assertEquals("rv-pi", regressed.deviceId());
        assertEquals("no run events", regressed.status());
    }

    @Test
    void pagesFollowEachOtherInTheOrderAsked() {
        List<Sort> oldestFirst = List.of(new Sort(SortColumn.START, false), new Sort(SortColumn.TIER, false));
        List<RunRow> second = runs.page(all, oldestFirst, 2, 2, runs.gate());
        assertEquals(List.of("rv-run-2", "rv-run-3"), second.stream().map(RunRow::runId).toList());
        List<RunRow> last = runs.page(all, oldestFirst, 32, 10, runs.gate());
        assertEquals(List.of("rv-run-32", "rv-run-33"), last.stream().map(RunRow::runId).toList());
        List<RunRow> busiest = runs.page(all, List.of(new Sort(SortColumn.INFERENCES, false)), 0, 1, runs.gate());
        assertEquals("CLOUD", busiest.getFirst().key().tier(), "the cloud series of run 1 has 5 inferences");
    }

    @Test
    void filtersNarrowInTheWarehouse() {
        assertEquals(1, runs.count(all.withTier("CLOUD")));
        assertEquals(33, runs.count(all.withDevice("rv-pi")));
        assertEquals(0, runs.count(all.withDevice("rv-nowhere")));
        assertEquals(2, runs.count(all.withRun("rv-run-1")), "run 1 on both tiers");
        assertEquals(1, runs.count(all.withSearch("RV-RUN-33")), "any case");
        assertEquals(34, runs.count(all.withSearch("a10g pi5").withSearch("rv-model")));
    }

    @Test
    void aResentEventCountsOnceWhateverTheFilter() {
        // Run 5's events sent twice: stored twice until the engine merges the copies.
        warehouse.warehouse().update("INSERT INTO parallax.inference_events SELECT * FROM parallax.inference_events"
                + " WHERE run_id = 'rv-run-5' AND test_id = 'rv-step'");
        for (RunFilter filter : List.of(all, all.withDevice("rv-pi"), all.withRun("rv-run-5"))) {
            List<RunRow> rows = runs.page(filter, List.of(), 0, 100, runs.gate()).stream()
                    .filter(r -> r.runId().equals("rv-run-5")).toList();
            assertEquals(1, rows.size(), filter.toString());
            assertEquals(20, rows.getFirst().inferences(), filter.toString());
            assertEquals(1, rows.getFirst().devices(), filter.toString());
        }
    }

    @Test
    void aLateOrResentEventCountsOnceInTheHourItHappened() {
        Warehouse w = warehouse.warehouse();
        Instant sent = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
        FleetData.inferences(w, "rv-late-1", sent, 1, 10, "rv-late", "rv-model", "EDGE", "rv-pi", "pi5-hailo8l", 40, 9,
                4);
        RunFilter late = all.withTest("rv-late");
        RunRow before = runs.page(late, List.of(), 0, 10, runs.gate()).getFirst();
        assertEquals(10, before.inferences());

        // Hours later, an inference of two hours before the others arrives, sent twice, and the first batch again.
        Instant happened = sent.minus(Duration.ofMinutes(150));
        for (int copy = 0; copy < 2; copy++) {
            w.update("""
                    INSERT INTO parallax.inference_events (event_id, event_time, run_id, test_id, model_name,
                        model_version, precision, tier, device_id, device_class, runtime, latency_ms, status)
                    VALUES ('6d1f0c58-3a41-4c1e-9a43-8f1b0a6f2e11', ?, 'rv-late-1', 'rv-late', 'rv-model', 'v1', 'INT8',
                        'EDGE', 'rv-pi-2', 'pi5-hailo8l', 'onnxruntime', 41, 'ERROR')
                    """, happened);
        }
        w.update("INSERT INTO parallax.inference_events SELECT * FROM parallax.inference_events"
                + " WHERE test_id = 'rv-late' AND device_id = 'rv-pi'");
        assertEquals(1, runs.count(late));
        RunRow after = runs.page(late, List.of(), 0, 10, runs.gate()).getFirst();
        assertEquals(11, after.inferences(), "the late one once, the resent batch once");
        assertEquals(1, after.errors());
        assertEquals(2, after.devices());
        assertEquals(happened, after.start());
        assertEquals(before.end(), after.end());

        // A period from mid-hour on: the hour it starts in is read from raw events, and holds the late one no more.
        RunFilter since = RunFilter.of(new Period(happened.plus(Duration.ofMinutes(1)), late.period().to()))
                .withTest("rv-late");
        RunRow sinceThen = runs.page(since, List.of(), 0, 10, runs.gate()).getFirst();
        assertEquals(10, sinceThen.inferences());
        assertEquals(before.start(), sinceThen.start());
        assertEquals(1, sinceThen.devices());
        RunRow onTheLateDevice = runs.page(late.withDevice("rv-pi-2"), List.of(), 0, 10, runs.gate()).getFirst();
        assertEquals(List.of(1L, 1L, 1L), List.of(onTheLateDevice.inferences(), onTheLateDevice.errors(),
                onTheLateDevice.devices()));
        assertEquals(0, runs.count(since.withDevice("rv-pi-2")));
    }

    @Test
    void aRunAcrossThePeriodsStartOrEndShowsWhatItHadInside() {
        // 3 minutes of 10 inferences each, ending 6 s before t.
        Instant t = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        FleetData.inferences(warehouse.warehouse(), "rv-cross-1", t, 3, 10, "rv-cross", "rv-model", "EDGE", "rv-pi",
                "pi5-hailo8l", 40, 9, 4);
        Duration hour = Duration.ofHours(1);
        Map<String, Period> periods = Map.of(
                "whole run", new Period(t.minus(hour), t.plus(hour)),
                "ends in its third minute", new Period(t.minus(hour), t.minus(Duration.ofMinutes(1))),
                "starts in its second minute", new Period(t.minus(Duration.ofMinutes(2)), t.plus(hour)),
                "its second minute", new Period(t.minus(Duration.ofMinutes(2)), t.minus(Duration.ofMinutes(1))));
        Map<String, String> shown = new HashMap<>();
        periods.forEach((name, period) -> {
            RunFilter filter = RunFilter.of(period).withTest("rv-cross");
            RunRow row = runs.page(filter, List.of(), 0, 10, runs.gate()).getFirst();
            shown.put(name, runs.count(filter) + " row, " + row.inferences() + " inferences, "
                    + Duration.between(row.start(), t).toSeconds() + " s to " + Duration.between(row.end(), t)
                    .toSeconds() + " s before t");
        });
        assertEquals(Map.of(
                "whole run", "1 row, 30 inferences, 180 s to 6 s before t",
                "ends in its third minute", "1 row, 20 inferences, 180 s to 66 s before t",
                "starts in its second minute", "1 row, 20 inferences, 120 s to 6 s before t",
                "its second minute", "1 row, 10 inferences, 120 s to 66 s before t"), shown);
    }

    @Test
    void anExportReadsEveryRowInTheOrderAskedAChunkAtATimeUpToItsLimit() {
        List<Sort> oldestFirst = List.of(new Sort(SortColumn.START, false), new Sort(SortColumn.TIER, false));
        List<String> exported = new ArrayList<>();
        runs.export(all, oldestFirst, 100, 4, r -> exported.add(r.runId() + " " + r.key().tier() + " " + r.verdict()));
        List<String> onePage = runs.page(all, oldestFirst, 0, 100, runs.gate()).stream()
                .map(r -> r.runId() + " " + r.key().tier() + " " + r.verdict()).toList();
        assertEquals(34, onePage.size());
        assertEquals(onePage, exported, "34 rows in chunks of 4, as one page reads them");
        assertTrue(exported.get(31).startsWith("rv-run-31 EDGE FAIL · "),
                "judged: run 31 (after the cloud series of run 1) starts the regression: " + exported.get(31));

        List<String> limited = new ArrayList<>();
        runs.export(all, oldestFirst, 10, 4, r -> limited.add(r.runId() + " " + r.key().tier() + " " + r.verdict()));
        assertEquals(exported.subList(0, 10), limited, "cut at the limit, mid-chunk");
    }

    @Test
    void aRunsChecksCarryTheGatesEvidence() {
        List<RegressionCheck> checks = runs.gate().check("rv-run-31");
        assertTrue(checks.stream().anyMatch(RegressionCheck::fails));
        assertTrue(checks.stream().filter(RegressionCheck::fails).allMatch(c -> c.evidence().contains("a regression")));
        assertFalse(runs.gate().check("rv-run-30").stream().anyMatch(RegressionCheck::fails));
    }
}
