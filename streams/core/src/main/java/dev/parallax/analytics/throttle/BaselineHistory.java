package dev.parallax.analytics.throttle;

import dev.parallax.analytics.codec.StateFormatException;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.analytics.latency.DDQuantileSketch;
import java.util.Map;
import java.util.TreeMap;

/**
 * A device's inference latencies of the last baseline window (by processed event time), as one latency sketch
 * per model and slice of event time: its size depends on the window, the slice width and the models, never
 * on the inference rate.
 *
 * <p>Slices are aligned to multiples of the slice width. The baseline of an episode starting at {@code start}
 * merges the slices that start within {@code [start - window, start)}: nothing older than the window counts,
 * and the window's oldest, partly covered slice is left out, so the baseline spans between the window minus
 * one slice and the window. The slice holding {@code start} counts with the inferences processed before the
 * opening sample.
 */
final class BaselineHistory {

    private final long windowMs;
    private final long sliceMs;
    /** Slice start → model → latencies. */
    private final TreeMap<Long, TreeMap<String, DDQuantileSketch>> slices = new TreeMap<>();

    BaselineHistory(long windowMs, long sliceMs) {
        this.windowMs = windowMs;
        this.sliceMs = sliceMs;
    }

    void record(long eventTime, String model, double latencyMs) {
        slices.computeIfAbsent(Math.floorDiv(eventTime, sliceMs) * sliceMs, start -> new TreeMap<>())
                .computeIfAbsent(model, m -> LatencyInflation.newSketch())
                .add(latencyMs);
    }

    /** Forgets the slices that cannot fall into the baseline of an episode starting at {@code now} or later. */
    void prune(long now) {
        slices.headMap(now - windowMs).clear();
    }

    /** Median latency per model over the slices starting within {@code [start - window, start)}. */
    Map<String, Double> mediansBefore(long start) {
        Map<String, DDQuantileSketch> byModel = new TreeMap<>();
        slices.subMap(start - windowMs, start).values().forEach(slice -> slice.forEach(
                (model, latencies) -> byModel.computeIfAbsent(model, m -> LatencyInflation.newSketch())
                        .merge(latencies)));
        Map<String, Double> medians = new TreeMap<>();
        byModel.forEach((model, latencies) -> medians.put(model, latencies.quantile(0.5)));
        return medians;
    }

    void writeTo(StateWriter out) {
        out.writeVarLong(slices.size());
        long previous = 0;
        for (Map.Entry<Long, TreeMap<String, DDQuantileSketch>> slice : slices.entrySet()) {
            out.writeSignedVarLong(slice.getKey() - previous).writeVarLong(slice.getValue().size());
            slice.getValue().forEach((model, latencies) -> out.writeString(model).writeBytes(latencies.toBytes()));
            previous = slice.getKey();
        }
    }

    /** Reads the current encoding, or version 1's, which listed every inference of the window. */
    static BaselineHistory readFrom(StateReader in, ThrottleSettings settings) {
        BaselineHistory history = new BaselineHistory(settings.baselineWindowMs(), settings.baselineSliceMs());
        long time = 0;
        if (in.version() == 1) {
            for (int i = in.readLength(); i > 0; i--) {
                time += in.readSignedVarLong();
                history.record(time, in.readString(), LatencyInflation.readLatency(in));
            }
            return history;
        }
        for (int i = in.readLength(); i > 0; i--) {
            time += in.readSignedVarLong();
            TreeMap<String, DDQuantileSketch> slice = new TreeMap<>();
            for (int models = in.readLength(); models > 0; models--) {
                slice.put(in.readString(), LatencyInflation.readSketch(in));
            }
            if (slice.isEmpty() || history.slices.put(time, slice) != null) {
                throw new StateFormatException("episode detector: invalid baseline slice at " + time);
            }
        }
        return history;
    }
}
