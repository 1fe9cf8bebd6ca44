package dev.parallax.analytics.latency;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.PaginatedStore;
import com.datadoghq.sketch.ddsketch.store.Store;
import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.codec.StateFormatException;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import java.util.Iterator;

/**
 * {@link QuantileSketch} on DataDog's DDSketch with the exact logarithmic index mapping and an unbounded
 * (paginated) store: no bucket is ever collapsed, so the relative-error guarantee holds for every quantile,
 * tails included, at any count. Minimum and maximum are tracked exactly and bound every reported quantile.
 *
 * <p>Encoding (format tag {@code 0x51}, version 1): relative accuracy, exact min and max, the count of values
 * too small to index (DDSketch's zero bucket), then the non-empty buckets in ascending index order as
 * zig-zag index deltas and varint counts. Bucket counts are whole numbers because values are only ever added
 * one at a time, which keeps the encoding exact and independent of merge order.
 */
public final class DDQuantileSketch implements QuantileSketch {

    private static final int FORMAT_TAG = 0x51;
    private static final int VERSION = 1;

    public static final StateCodec<DDQuantileSketch> CODEC = StateCodec.of(DDQuantileSketch::toBytes, DDQuantileSketch::fromBytes);

    private final double relativeAccuracy;
    private final DDSketch sketch;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    /** Kept beside the sketch's own: DDSketch sums its buckets to count, and emptiness is asked on every quantile. */
    private long count;

    private DDQuantileSketch(double relativeAccuracy) {
        if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
            throw new IllegalArgumentException("relative accuracy must be in (0, 1): " + relativeAccuracy);
        }
        this.relativeAccuracy = relativeAccuracy;
        this.sketch = new DDSketch(new LogarithmicMapping(relativeAccuracy), PaginatedStore::new);
    }

    /** An empty sketch whose quantiles are within {@code relativeAccuracy} (e.g. 0.005 = 0.5 %) of exact. */
    public static DDQuantileSketch withRelativeAccuracy(double relativeAccuracy) {
        return new DDQuantileSketch(relativeAccuracy);
    }

    @Override
    public void add(double value) {
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("sketched values must be finite and >= 0: " + value);
        }
        sketch.accept(value);
        count++;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    @Override
    public void merge(QuantileSketch other) {
        if (!(other instanceof DDQuantileSketch that)) {
            throw new IllegalArgumentException("cannot merge a " + other.getClass().getSimpleName());
        }
        if (that.relativeAccuracy != relativeAccuracy) {
            throw new IllegalArgumentException("cannot merge sketches of relative accuracy "
                    + relativeAccuracy + " and " + that.relativeAccuracy);
        }
        if (that.isEmpty()) {
            return;
        }
        sketch.mergeWith(that.sketch);
        count += that.count;
        min = Math.min(min, that.min);
        max = Math.max(max, that.max);
    }

    @Override
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1]: " + q);
        }
        if (isEmpty()) {
            return Double.NaN;
        }
        // A bucket's representative may lie slightly outside the observed range; the exact bounds are closer.
        return Math.clamp(sketch.getValueAtQuantile(q), min, max);
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public double min() {
        return isEmpty() ? Double.NaN : min;
    }

    @Override
    public double max() {
        return isEmpty() ? Double.NaN : max;
    }

    @Override
    public double relativeAccuracy() {
        return relativeAccuracy;
    }

    @Override
    public DDQuantileSketch copy() {
        DDQuantileSketch copy = new DDQuantileSketch(relativeAccuracy);
        copy.merge(this);
        return copy;
    }

    @Override
    public byte[] toBytes() {
        Store buckets = sketch.getPositiveValueStore();
        long bucketed = (long) buckets.getTotalCount();
        StateWriter out = new StateWriter(FORMAT_TAG, VERSION)
                .writeDouble(relativeAccuracy)
                .writeDouble(min)
                .writeDouble(max)
                .writeVarLong(count() - bucketed);
        int nonEmpty = 0;
        for (Iterator<Bin> it = buckets.getAscendingIterator(); it.hasNext(); ) {
            if (it.next().getCount() > 0) {
                nonEmpty++;
            }
        }
        out.writeVarLong(nonEmpty);
        long previousIndex = 0;
        for (Iterator<Bin> it = buckets.getAscendingIterator(); it.hasNext(); ) {
            Bin bin = it.next();
            if (bin.getCount() > 0) {
                out.writeSignedVarLong(bin.getIndex() - previousIndex).writeVarLong((long) bin.getCount());
                previousIndex = bin.getIndex();
            }
        }
        return out.toByteArray();
    }

    /** @throws StateFormatException when the bytes are not a valid encoding */
    public static DDQuantileSketch fromBytes(byte[] bytes) {
        StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "quantile sketch");
        double relativeAccuracy = in.readDouble();
        if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
            throw new StateFormatException("quantile sketch: relative accuracy " + relativeAccuracy);
        }
        DDQuantileSketch result = new DDQuantileSketch(relativeAccuracy);
        double min = in.readDouble();
        double max = in.readDouble();
        long zeroCount = in.readVarLong();
        if (zeroCount > 0) {
            result.sketch.accept(0, zeroCount);
        }
        int buckets = in.readLength();
        long index = 0;
        Store store = result.sketch.getPositiveValueStore();
        for (int i = 0; i < buckets; i++) {
            index += in.readSignedVarLong();
            long count = in.readVarLong();
            if (count == 0 || index != (int) index) {
                throw new StateFormatException("quantile sketch: invalid bucket " + index + " x " + count);
            }
            store.add((int) index, count);
            result.count += count;
        }
        result.count += zeroCount;
        in.expectEnd();
        if (!result.isEmpty() && !(min >= 0 && min <= max)) {
            throw new StateFormatException("quantile sketch: invalid range [" + min + ", " + max + "]");
        }
        result.min = min;
        result.max = max;
        return result;
    }

    @Override
    public String toString() {
        return "DDQuantileSketch[count=" + count() + ", relativeAccuracy=" + relativeAccuracy + "]";
    }
}
