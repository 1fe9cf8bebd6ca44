package dev.parallax.ui.compare;

import dev.parallax.insights.divergence.DivergencePairs;
import dev.parallax.insights.divergence.DivergencePairs.RunPair;
import dev.parallax.insights.regression.SeriesKey;
import dev.parallax.insights.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * Two runs side by side (issue 15, "compare two runs"): for every series either run measured (test, model,
 * precision, tier, device class), the latency distribution, energy per inference and divergence of each, and whether
 * each difference is significant ({@link RunDifference}). Each inference and each pair counts once, however often it
 * was delivered (the raw tables keep copies until they merge).
 */
@Service
public class RunComparison {

    private static final Comparator<SeriesKey> ORDER = Comparator.comparing(SeriesKey::testId)
            .thenComparing(SeriesKey::model).thenComparing(SeriesKey::precision).thenComparing(SeriesKey::tier)
            .thenComparing(SeriesKey::deviceClass);

    private final Warehouse warehouse;

    public RunComparison(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** Run {@code a} (the baseline) and run {@code b}, series by series. */
    public Comparison compare(String a, String b) {
        Map<String, Map<SeriesKey, Samples>> runs = read(a, b);
        Map<SeriesKey, Samples> ofA = runs.getOrDefault(a, Map.of());
        Map<SeriesKey, Samples> ofB = runs.getOrDefault(b, Map.of());
        TreeSet<SeriesKey> series = new TreeSet<>(ORDER);
        series.addAll(ofA.keySet());
        series.addAll(ofB.keySet());
        List<ComparedFigure> figures = new ArrayList<>();
        Map<SeriesKey, RunSamples[]> samples = new HashMap<>();
        for (SeriesKey key : series) {
            RunSamples sa = ofA.containsKey(key) ? ofA.get(key).toRunSamples() : RunSamples.NONE;
            RunSamples sb = ofB.containsKey(key) ? ofB.get(key).toRunSamples() : RunSamples.NONE;
            figures.addAll(RunDifference.of(key, sa, sb));
            samples.put(key, new RunSamples[] {sa, sb});
        }
        return new Comparison(a, b, List.copyOf(series), figures, samples);
    }

    /** Each run's samples by series; a run with nothing in the warehouse is absent. */
    private Map<String, Map<SeriesKey, Samples>> read(String a, String b) {
        Map<String, Map<SeriesKey, Samples>> runs = new HashMap<>();
        // LIMIT 1 BY event_id: each inference once, reading only these runs' rows (FINAL would merge the whole table).
        for (Inference inference : warehouse.query("""
                SELECT run_id, test_id, model_name, precision, tier, device_class, assumeNotNull(latency_ms) AS latency_ms,
                    if(power_w IS NOT NULL AND idle_power_w IS NOT NULL,
                       greatest(assumeNotNull(power_w) - assumeNotNull(idle_power_w), 0) * assumeNotNull(latency_ms) / 1000,
                       NULL) AS energy_j
                FROM parallax.inference_events
                WHERE run_id IN (?, ?) AND status = 'OK' AND latency_ms IS NOT NULL
                LIMIT 1 BY event_id
                """, rs -> new Inference(rs.getString("run_id"), new SeriesKey(rs.getString("test_id"),
                        rs.getString("model_name"), rs.getString("precision"), rs.getString("tier"),
                        rs.getString("device_class")), rs.getDouble("latency_ms"), Warehouse.number(rs, "energy_j")),
                a, b)) {
            Samples samples = runs.computeIfAbsent(inference.runId(), r -> new HashMap<>())
                    .computeIfAbsent(inference.series(), k -> new Samples());
            samples.latencies.add(inference.latencyMs());
            if (Double.isFinite(inference.energyJ())) samples.energies.add(inference.energyJ());
        }
        for (RunPair pair : new DivergencePairs(warehouse).ofRuns(a, b)) {
            runs.getOrDefault(pair.runId(), Map.of()).forEach((series, samples) -> {
                if (isOf(pair, series)) samples.add(pair);
            });
        }
        return runs;
    }

    private record Inference(String runId, SeriesKey series, double latencyMs, double energyJ) {
    }

    /** A pair belongs to its candidate's series: test, model, precision and device class (any tier). */
    private static boolean isOf(RunPair pair, SeriesKey series) {
        return series.testId().equals(pair.testId()) && series.model().equals(pair.modelName())
                && series.precision().equals(pair.candidatePrecision()) && series.deviceClass().equals(pair.deviceClass());
    }

    /** Samples of one run in one series while they are read. */
    private static final class Samples {
        final List<Double> latencies = new ArrayList<>();
        final List<Double> energies = new ArrayList<>();
        final List<Double> sqnr = new ArrayList<>();
        long pairs;
        long flips;

        void add(RunPair pair) {
            pairs++;
            if (pair.flipped()) flips++;
            if (Double.isFinite(pair.sqnrDb())) sqnr.add(pair.sqnrDb());
        }

        RunSamples toRunSamples() {
            return new RunSamples(latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray(),
                    energies.stream().mapToDouble(Double::doubleValue).toArray(), pairs, flips,
                    sqnr.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }
}
