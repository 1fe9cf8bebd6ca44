package dev.parallax.analytics.throttle;

import dev.parallax.analytics.codec.StateFormatException;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.analytics.latency.DDQuantileSketch;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much slower a device's inferences ran during an episode than just before it.
 *
 * <p>Per model: the median latency inside the episode divided by the median latency of the same model on the
 * same device in the baseline window before the episode's start. With several models the episode's value is
 * the inference-weighted mean of the per-model ratios (weight = the model's inferences inside the episode),
 * so it reads as "the typical inference of this episode was this many times slower". Models missing from
 * either side, or with a zero baseline median, take no part.
 *
 * <p><b>Accuracy.</b> Both medians are lower medians ({@code x[floor((n - 1) / 2)]}) read from
 * {@link DDQuantileSketch}es of {@value #RELATIVE_ACCURACY} relative accuracy, so that the state stays a few
 * kilobytes whatever the inference rate, instead of every latency of the episode and of the minutes before it.
 * Each median is within 0.5 % of the exact one, so a ratio is within about 1 % of the exact ratio
 * ({@code 1.005 / 0.995}), and so is their weighted mean.
 */
final class LatencyInflation {

    /** The relative accuracy of every latency sketch of the detector, baseline included. */
    static final double RELATIVE_ACCURACY = 0.005;

    /** Baseline median per model, fixed when the episode opens. */
    private final TreeMap<String, Double> baselineMedians;
    /** Latencies per model inside the episode. */
    private final TreeMap<String, DDQuantileSketch> episodeLatencies = new TreeMap<>();

    LatencyInflation(Map<String, Double> baselineMedians) {
        this.baselineMedians = new TreeMap<>(baselineMedians);
    }

    void add(String model, double latencyMs) {
        episodeLatencies.computeIfAbsent(model, m -> newSketch()).add(latencyMs);
    }

    /** The inference-weighted mean ratio; {@code NaN} when no model has both sides. */
    double value() {
        double weightedSum = 0;
        long weight = 0;
        for (Map.Entry<String, DDQuantileSketch> entry : episodeLatencies.entrySet()) {
            Double baseline = baselineMedians.get(entry.getKey());
            if (baseline == null || baseline == 0) {
                continue;
            }
            DDQuantileSketch latencies = entry.getValue();
            weightedSum += latencies.count() * (latencies.quantile(0.5) / baseline);
            weight += latencies.count();
        }
        return weight == 0 ? Double.NaN : weightedSum / weight;
    }

    static DDQuantileSketch newSketch() {
        return DDQuantileSketch.withRelativeAccuracy(RELATIVE_ACCURACY);
    }

    void writeTo(StateWriter out) {
        out.writeVarLong(baselineMedians.size());
        baselineMedians.forEach((model, median) -> out.writeString(model).writeDouble(median));
        out.writeVarLong(episodeLatencies.size());
        episodeLatencies.forEach((model, latencies) -> out.writeString(model).writeBytes(latencies.toBytes()));
    }

    /** Reads the current encoding, or version 1's, which listed every latency of the episode. */
    static LatencyInflation readFrom(StateReader in) {
        TreeMap<String, Double> baseline = new TreeMap<>();
        for (int i = in.readLength(); i > 0; i--) {
            baseline.put(in.readString(), in.readDouble());
        }
        LatencyInflation inflation = new LatencyInflation(baseline);
        for (int models = in.readLength(); models > 0; models--) {
            String model = in.readString();
            if (in.version() == 1) {
                for (int i = in.readLength(); i > 0; i--) {
                    inflation.add(model, readLatency(in));
                }
            } else {
                inflation.episodeLatencies.put(model, readSketch(in));
            }
        }
        return inflation;
    }

    /** A sketch of this detector's accuracy, which is fixed: sketches of other accuracies cannot be merged. */
    static DDQuantileSketch readSketch(StateReader in) {
        DDQuantileSketch sketch = DDQuantileSketch.fromBytes(in.readBytes());
        if (sketch.relativeAccuracy() != RELATIVE_ACCURACY || sketch.isEmpty()) {
            throw new StateFormatException("episode detector: latency sketch of relative accuracy "
                    + sketch.relativeAccuracy() + " with " + sketch.count() + " values");
        }
        return sketch;
    }

    static double readLatency(StateReader in) {
        double latency = in.readDouble();
        if (!(latency >= 0 && latency < Double.POSITIVE_INFINITY)) {
            throw new StateFormatException("episode detector: invalid latency " + latency);
        }
        return latency;
    }
}
