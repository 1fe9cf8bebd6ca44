package dev.parallax.analytics.divergence;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.codec.StateFormatException;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.analytics.latency.DDQuantileSketch;

/**
 * The mergeable aggregate of one {@link DivergenceKey} over one window of candidate event time, or over a
 * range of windows (a run, a day). Create through {@link DivergenceSettings#newWindow()}.
 */
public final class DivergenceWindow {

    private static final int FORMAT_TAG = 0x44;
    private static final int VERSION = 1;

    public static final StateCodec<DivergenceWindow> CODEC = StateCodec.of(DivergenceWindow::toBytes, DivergenceWindow::fromBytes);

    private final double sqnrCapDb;
    private long pairs;
    private long top1Agreements;
    private double klSum;
    private double cosineMin = Double.POSITIVE_INFINITY;
    private double cosineSum;
    private double sqnrSum;
    private long unmatched;
    private final DDQuantileSketch kl;
    private final DDQuantileSketch maxAbsErr;

    DivergenceWindow(double sketchRelativeAccuracy, double sqnrCapDb) {
        this(sqnrCapDb, DDQuantileSketch.withRelativeAccuracy(sketchRelativeAccuracy),
                DDQuantileSketch.withRelativeAccuracy(sketchRelativeAccuracy));
    }

    private DivergenceWindow(double sqnrCapDb, DDQuantileSketch kl, DDQuantileSketch maxAbsErr) {
        this.sqnrCapDb = sqnrCapDb;
        this.kl = kl;
        this.maxAbsErr = maxAbsErr;
    }

    /** Adds a matched pair; returns this window. */
    public DivergenceWindow add(PairMetrics metrics) {
        pairs++;
        if (metrics.top1Agree()) {
            top1Agreements++;
        }
        if (metrics.hasKl()) {
            kl.add(metrics.kl());
            klSum += metrics.kl();
        }
        cosineMin = Math.min(cosineMin, metrics.cosine());
        cosineSum += metrics.cosine();
        sqnrSum += Math.clamp(metrics.sqnrDb(), -sqnrCapDb, sqnrCapDb);
        maxAbsErr.add(metrics.maxAbsErr());
        return this;
    }

    /** Counts a candidate that expired without a reference; returns this window. */
    public DivergenceWindow addUnmatched() {
        unmatched++;
        return this;
    }

    /** Adds everything of {@code other}; returns this window. */
    public DivergenceWindow merge(DivergenceWindow other) {
        if (other.sqnrCapDb != sqnrCapDb) {
            throw new IllegalArgumentException("cannot merge windows with SQNR caps " + sqnrCapDb + " and "
                    + other.sqnrCapDb);
        }
        kl.merge(other.kl);
        maxAbsErr.merge(other.maxAbsErr);
        pairs += other.pairs;
        top1Agreements += other.top1Agreements;
        klSum += other.klSum;
        cosineMin = Math.min(cosineMin, other.cosineMin);
        cosineSum += other.cosineSum;
        sqnrSum += other.sqnrSum;
        unmatched += other.unmatched;
        return this;
    }

    public long pairs() {
        return pairs;
    }

    public long unmatched() {
        return unmatched;
    }

    public DivergenceSummary summary() {
        double n = pairs == 0 ? Double.NaN : pairs;
        return new DivergenceSummary(pairs, 1 - top1Agreements / n,
                kl.isEmpty() ? Double.NaN : klSum / kl.count(), kl.quantile(0.95),
                pairs == 0 ? Double.NaN : cosineMin, cosineSum / n, sqnrSum / n, maxAbsErr.quantile(0.99),
                unmatched);
    }

    public byte[] toBytes() {
        return new StateWriter(FORMAT_TAG, VERSION)
                .writeDouble(sqnrCapDb)
                .writeVarLong(pairs).writeVarLong(top1Agreements).writeVarLong(unmatched)
                .writeDouble(klSum).writeDouble(cosineMin).writeDouble(cosineSum).writeDouble(sqnrSum)
                .writeBytes(kl.toBytes()).writeBytes(maxAbsErr.toBytes())
                .toByteArray();
    }

    /** @throws StateFormatException when the bytes are not a valid encoding */
    public static DivergenceWindow fromBytes(byte[] bytes) {
        StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "divergence window");
        double cap = in.readDouble();
        long pairs = in.readVarLong();
        long agreements = in.readVarLong();
        long unmatched = in.readVarLong();
        double klSum = in.readDouble();
        double cosineMin = in.readDouble();
        double cosineSum = in.readDouble();
        double sqnrSum = in.readDouble();
        DivergenceWindow window = new DivergenceWindow(cap, DDQuantileSketch.fromBytes(in.readBytes()),
                DDQuantileSketch.fromBytes(in.readBytes()));
        in.expectEnd();
        if (!(cap > 0) || agreements > pairs || window.maxAbsErr.count() != pairs || window.kl.count() > pairs) {
            throw new StateFormatException("divergence window: inconsistent counts");
        }
        window.pairs = pairs;
        window.top1Agreements = agreements;
        window.unmatched = unmatched;
        window.klSum = klSum;
        window.cosineMin = cosineMin;
        window.cosineSum = cosineSum;
        window.sqnrSum = sqnrSum;
        return window;
    }
}
