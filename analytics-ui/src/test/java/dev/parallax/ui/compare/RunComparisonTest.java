package dev.parallax.ui.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.insights.FleetData;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.warehouse.Warehouse;
import dev.parallax.ui.compare.ComparedFigure.Verdict;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two runs of a test on the real engine: B 20 % slower with four times the flips is worse in latency, energy and flip
 * rate and the same in SQNR; each inference counts once though B's were delivered twice; a series only A measured
 * is "not enough data" for B; a run against itself differs in nothing.
 */
class RunComparisonTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static RunComparison comparison;

    @BeforeAll
    static void load() {
        Warehouse w = warehouse.warehouse();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(3600);
        inferences(w, "cmp-a", "cmp", at, 40);
        inferences(w, "cmp-b", "cmp", at.plusSeconds(600), 48);
        inferences(w, "cmp-b", "cmp", at.plusSeconds(600), 48); // the batch delivered twice, not yet merged
        inferences(w, "cmp-a", "cmp-only-a", at, 10);
        for (int i = 0; i < 100; i++) {
            FleetData.divergencePair(w, "cmp-a", "cmp", "resnet50", "INT8", "pi5-hailo8l", at, i >= 5, 30);
            FleetData.divergencePair(w, "cmp-b", "cmp", "resnet50", "INT8", "pi5-hailo8l", at, i >= 20, 30);
        }
        comparison = new RunComparison(w);
    }

    /** 400 inferences with latencies {@code base} + 0.0 ... 1.9 ms, 5 W over idle. */
    private static void inferences(Warehouse w, String run, String test, Instant at, double base) {
        w.update("""
                INSERT INTO parallax.inference_events (event_id, event_time, run_id, test_id, model_name, model_version,
                    precision, tier, device_id, device_class, runtime, latency_ms, status, power_w, idle_power_w)
                SELECT toUUID(concat('00000000-0000-4000-8000-', leftPad(hex(cityHash64(?, number) % 281474976710656), 12, '0'))),
                    ? + toIntervalSecond(number), ?, ?, 'resnet50', 'v1', 'INT8', 'EDGE', 'cmp-pi-1', 'pi5-hailo8l',
                    'onnxruntime', ? + (number % 20) * 0.1, 'OK', 9, 4
                FROM numbers(400)
                """, run + test, at, run, test, base);
    }

    @Test
    void aSlowerRunWithMoreFlipsIsWorseWhereItIsAndOnlyThere() {
        Comparison c = comparison.compare("cmp-a", "cmp-b");
        Map<String, ComparedFigure> cmp = c.figures().stream().filter(f -> f.series().testId().equals("cmp"))
                .collect(Collectors.toMap(ComparedFigure::figure, f -> f));
        assertEquals(Verdict.WORSE, cmp.get("p50 latency").verdict(), cmp.get("p50 latency").toString());
        assertEquals(Verdict.WORSE, cmp.get("p99 latency").verdict());
        assertEquals("+19.6 %", cmp.get("p50 latency").change(), "40.9 ms to 48.9 ms: " + cmp.get("p50 latency"));
        assertTrue(cmp.get("p50 latency").a().startsWith("40.9 ms (95 % CI "), cmp.get("p50 latency").a());
        assertTrue(cmp.get("p50 latency").pValue() < 1e-6);
        assertEquals(Verdict.WORSE, cmp.get("energy per inference").verdict());
        assertTrue(cmp.get("energy per inference").b().endsWith("over 400"), "each inference once: "
                + cmp.get("energy per inference").b());
        assertEquals(Verdict.WORSE, cmp.get("flip rate").verdict(), cmp.get("flip rate").toString());
        assertEquals("5 % of 100 pairs", cmp.get("flip rate").a());
        assertEquals(Verdict.SAME, cmp.get("mean SQNR").verdict());

        List<ComparedFigure> onlyA = c.figures().stream().filter(f -> f.series().testId().equals("cmp-only-a")).toList();
        assertEquals(3, onlyA.size(), "latency and energy: no pairs in that series");
        assertTrue(onlyA.stream().allMatch(f -> f.verdict() == Verdict.UNKNOWN), onlyA.toString());
        assertEquals(2, c.series().size());
        assertEquals(4, c.worse());
        assertEquals(0, c.better());
    }

    @Test
    void aRunAgainstItselfDiffersInNothingAndAnUnknownRunHasNoSeries() {
        Comparison same = comparison.compare("cmp-b", "cmp-b");
        assertTrue(same.figures().stream().filter(f -> f.series().testId().equals("cmp"))
                .allMatch(f -> f.verdict() == Verdict.SAME), same.figures().toString());
        assertEquals(List.of(), comparison.compare("cmp-none", "cmp-nothing").series());
    }
}
