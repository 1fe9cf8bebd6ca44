package dev.parallax.analytics.latency;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.codec.StateFormatException;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;

/**
 * The mergeable aggregate of one latency key over one window, or over any range of windows (a range is the
 * merge of its windows).
 *
 * <p>The latency sum is kept in whole nanoseconds so that the mean is exact at that resolution and, like
 * everything else here, independent of the order of adds and merges: merging windows in any order or
 * grouping gives identical bytes.
 */
public final class LatencyWindow {

    private static final int FORMAT_TAG = 0x4C;
    private static final int VERSION = 1;
    private static final double NANOS_PER_MS = 1e6;

    public static final StateCodec<LatencyWindow> CODEC = StateCodec.of(LatencyWindow::toBytes, LatencyWindow::fromBytes);

    private long count;
    private long errors;
    private long latencySumNanos;
    private final DDQuantileSketch sketch;

    /** An empty window; {@link LatencySettings#newWindow()} supplies the configured accuracy. */
    public LatencyWindow(double relativeAccuracy) {
        this(DDQuantileSketch.withRelativeAccuracy(relativeAccuracy));
    }

    private LatencyWindow(DDQuantileSketch sketch) {
        this.sketch = sketch;
    }

    /** Adds one inference; returns this window (handy as an engine's aggregator). */
    public LatencyWindow add(LatencyObservation observation) {
        count++;
        if (observation.isError()) {
            errors++;
        } else {
            sketch.add(observation.latencyMs());
            latencySumNanos = Math.addExact(latencySumNanos, Math.round(observation.latencyMs() * NANOS_PER_MS));
        }
        return this;
    }

    /** Adds every inference of {@code other}; returns this window. */
    public LatencyWindow merge(LatencyWindow other) {
        sketch.merge(other.sketch);
        count += other.count;
        errors += other.errors;
        latencySumNanos = Math.addExact(latencySumNanos, other.latencySumNanos);
        return this;
    }

    public long count() {
        return count;
    }

    public long errors() {
        return errors;
    }

    /** Mean latency of OK inferences; {@code NaN} when there are none. */
    public double meanMs() {
        long ok = sketch.count();
        return ok == 0 ? Double.NaN : latencySumNanos / NANOS_PER_MS / ok;
    }

    /** The sketch over OK latencies (a live view: do not modify). */
    public QuantileSketch sketch() {
        return sketch;
    }

    public LatencySummary summary() {
        return new LatencySummary(count, errors, meanMs(), sketch.quantile(0.5), sketch.quantile(0.9),
                sketch.quantile(0.95), sketch.quantile(0.99), sketch.quantile(0.999), sketch.max(),
                sketch.toBytes());
    }

    public byte[] toBytes() {
        return new StateWriter(FORMAT_TAG, VERSION)
                .writeVarLong(count)
                .writeVarLong(errors)
                .writeVarLong(latencySumNanos)
                .writeBytes(sketch.toBytes())
                .toByteArray();
    }

    /** @throws StateFormatException when the bytes are not a valid encoding */
    public static LatencyWindow fromBytes(byte[] bytes) {
        StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "latency window");
        long count = in.readVarLong();
        long errors = in.readVarLong();
        long sumNanos = in.readVarLong();
        LatencyWindow window = new LatencyWindow(DDQuantileSketch.fromBytes(in.readBytes()));
        in.expectEnd();
        if (errors > count || count - errors != window.sketch.count()) {
            throw new StateFormatException("latency window: count " + count + ", errors " + errors
                    + " and " + window.sketch.count() + " sketched latencies disagree");
        }
        window.count = count;
        window.errors = errors;
        window.latencySumNanos = sumNanos;
        return window;
    }
}
