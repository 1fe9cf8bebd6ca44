package dev.parallax.analytics.throttle;

import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much slower a device's inferences ran during an episode than just before it.
 *
 * <p>Per model: the median latency inside the episode divided by the median latency of the same model on the
 * same device in the baseline window before the episode's start. With several models the episode's value is
 * the inference-weighted mean of the per-model ratios (weight = the model's inferences inside the episode),
 * so it reads as "the typical inference of this episode was this many times slower". Models missing from
 * either side, or with a zero baseline median, take no part. Medians are exact lower medians
 * ({@code x[floor((n - 1) / 2)]}), the rank definition of the latency sketches.
 */
final class LatencyInflation {

    /** Baseline median per model, fixed when the episode opens. */
    private final TreeMap<String, Double> baselineMedians;
    /** Latencies per model inside the episode, in processing order. */
    private final TreeMap<String, List<Double>> episodeLatencies = new TreeMap<>();

    LatencyInflation(Map<String, Double> baselineMedians) {
        this.baselineMedians = new TreeMap<>(baselineMedians);
    }

    void add(String model, double latencyMs) {
        episodeLatencies.computeIfAbsent(model, m -> new ArrayList<>()).add(latencyMs);
    }

    /** The inference-weighted mean ratio; {@code NaN} when no model has both sides. */
    double value() {
        double weightedSum = 0;
        long weight = 0;
        for (Map.Entry<String, List<Double>> entry : episodeLatencies.entrySet()) {
            Double baseline = baselineMedians.get(entry.getKey());
            if (baseline == null || baseline == 0) {
                continue;
            }
            List<Double> latencies = entry.getValue();
            weightedSum += latencies.size() * (lowerMedian(latencies) / baseline);
            weight += latencies.size();
        }
        return weight == 0 ? Double.NaN : weightedSum / weight;
    }

    static double lowerMedian(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((sorted.size() - 1) / 2);
    }

    void writeTo(StateWriter out) {
        out.writeVarLong(baselineMedians.size());
        baselineMedians.forEach((model, median) -> out.writeString(model).writeDouble(median));
        out.writeVarLong(episodeLatencies.size());
        episodeLatencies.forEach((model, latencies) -> {
            out.writeString(model).writeVarLong(latencies.size());
            latencies.forEach(out::writeDouble);
        });
    }

    static LatencyInflation readFrom(StateReader in) {
        TreeMap<String, Double> baseline = new TreeMap<>();
        for (int i = in.readLength(); i > 0; i--) {
            baseline.put(in.readString(), in.readDouble());
        }
        LatencyInflation inflation = new LatencyInflation(baseline);
        for (int models = in.readLength(); models > 0; models--) {
            String model = in.readString();
            for (int i = in.readLength(); i > 0; i--) {
                inflation.add(model, in.readDouble());
            }
        }
        return inflation;
    }
}
