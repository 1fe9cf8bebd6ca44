package dev.parallax.analytics.confidence;

import dev.parallax.analytics.stats.Binomial;

/**
 * Distribution-free confidence bounds on a percentile from order statistics (e.g. Hahn and Meeker,
 * "Statistical Intervals", §5.2): of {@code n} independent samples of a continuous distribution, the number
 * {@code B} falling below the true q-quantile is Binomial(n, q), so
 * {@code P[X(l) > x_q] = P[B <= l - 1]} and {@code P[X(u) < x_q] = P[B >= u]}. With exact binomial tails
 * this gives the tightest ranks for a confidence, or none when even the extremes are not enough.
 *
 * <p>How many samples a p99 needs: an upper bound at 95 % (one-sided) exists from 299 samples, and it is the
 * largest sample; a two-sided 95 % interval from 368. The "662 samples for p99" of MLPerf's early-stopping rule
 * (and of {@link dev.parallax.analytics.latency.QuantileReliability}) is the one-sided bound at 99 % that is
 * <em>not</em> the largest sample: {@code upperBound(0.99, n)} at confidence 0.99 has rank {@code n - 1} from
 * n = 662 on.
 */
public final class PercentileConfidence {

    /** The confidence of every interval people are shown: pages, reports and the gate. */
    public static final PercentileConfidence SHOWN = new PercentileConfidence(0.95);

    private final double confidence;

    /** @param confidence e.g. 0.95 */
    public PercentileConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
        }
        this.confidence = confidence;
    }

    public double confidence() {
        return confidence;
    }

    /** The equal-tailed two-sided interval of the q-quantile, each side missing with at most (1 - confidence) / 2. */
    public PercentileBounds interval(double q, long samples) {
        check(q, samples);
        double tail = (1 - confidence) / 2;
        long needed = samplesForInterval(q);
        if (samples < needed) {
            return new PercentileBounds.NotEnoughSamples(samples, needed);
        }
        long lower = lowerRank(q, samples, tail);
        long upper = upperRank(q, samples, tail);
        double coverage = 1 - Binomial.cdf(lower - 1, samples, q) - Binomial.survival(upper - 1, samples, q);
        return new PercentileBounds.Interval(samples, lower, upper, coverage);
    }

    /** The smallest order statistic at or above the q-quantile with the confidence. */
    public PercentileBounds upperBound(double q, long samples) {
        check(q, samples);
        long needed = samplesForUpperBound(q);
        if (samples < needed) {
            return new PercentileBounds.NotEnoughSamples(samples, needed);
        }
        long upper = upperRank(q, samples, 1 - confidence);
        return new PercentileBounds.UpperBound(samples, upper, 1 - Binomial.survival(upper - 1, samples, q));
    }

    /** Samples from which {@link #interval} exists: both {@code q^n} and {@code (1-q)^n} at most (1 - confidence) / 2. */
    public long samplesForInterval(double q) {
        check(q, 1);
        double tail = (1 - confidence) / 2;
        return Math.max(samplesUntil(q, tail), samplesUntil(1 - q, tail));
    }

    /** Samples from which {@link #upperBound} exists: {@code q^n <= 1 - confidence}, even the largest sample. */
    public long samplesForUpperBound(double q) {
        check(q, 1);
        return samplesUntil(q, 1 - confidence);
    }

    /** Largest l with {@code P[B <= l - 1] <= tail}; the caller ensures l = 1 qualifies. */
    private static long lowerRank(double q, long n, double tail) {
        long good = 1;
        long bad = n + 1; // P[B <= n] = 1
        while (bad - good > 1) {
            long mid = (good + bad) >>> 1;
            if (Binomial.cdf(mid - 1, n, q) <= tail) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return good;
    }

    /** Smallest u with {@code P[B >= u] <= tail}; the caller ensures u = n qualifies. */
    private static long upperRank(double q, long n, double tail) {
        long good = n;
        long bad = 0; // P[B >= 0] = 1
        while (good - bad > 1) {
            long mid = (good + bad) >>> 1;
            if (Binomial.survival(mid - 1, n, q) <= tail) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return good;
    }

    /** Smallest n with {@code p^n <= tail}. */
    private static long samplesUntil(double p, double tail) {
        long n = Math.max(1, (long) Math.ceil(Math.log(tail) / Math.log(p)));
        while (n > 1 && Math.pow(p, n - 1) <= tail) { // the logarithms may round either way
            n--;
        }
        while (Math.pow(p, n) > tail) {
            n++;
        }
        return n;
    }

    private static void check(double q, long samples) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1): " + q);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("need at least one sample: " + samples);
        }
    }
}
