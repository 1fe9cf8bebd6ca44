package dev.parallax.analytics.divergence;

import dev.parallax.analytics.OutputKind;
import dev.parallax.analytics.divergence.Comparison.Rejection;

/**
 * Computes {@link PairMetrics} for a reference and a candidate vector, in double precision. Vectors that
 * cannot be compared (empty, of different lengths, with NaN or infinite values, probabilities that are negative
 * or sum to zero) give a {@link Rejection} naming the reason, never an exception.
 */
public final class OutputComparator {

    private static final int TOP_K = 5;

    private final double probabilityFloor;

    /** @param probabilityFloor smallest candidate probability used in a PROBABILITIES KL (see {@link DivergenceSettings}) */
    public OutputComparator(double probabilityFloor) {
        if (!(probabilityFloor > 0 && probabilityFloor < 1)) {
            throw new IllegalArgumentException("probability floor must be in (0, 1): " + probabilityFloor);
        }
        this.probabilityFloor = probabilityFloor;
    }

    public Comparison compare(float[] reference, float[] candidate, OutputKind kind) {
        String problem = problem(reference);
        if (problem != null) {
            problem = "reference: " + problem;
        } else if ((problem = problem(candidate)) != null) {
            problem = "candidate: " + problem;
        }
        if (problem == null && reference.length != candidate.length) {
            problem = "length mismatch: reference has " + reference.length + " outputs, candidate "
                    + candidate.length;
        }
        if (problem == null && kind == OutputKind.PROBABILITIES) {
            problem = probabilityProblem(reference, "reference");
            if (problem == null) {
                problem = probabilityProblem(candidate, "candidate");
            }
        }
        if (problem != null) {
            return new Rejection(problem);
        }
        return metrics(reference, candidate, kind);
    }

    /** Why a vector cannot take part in any comparison, or {@code null}. */
    static String problem(float[] values) {
        if (values.length == 0) {
            return "empty outputs";
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return "non-finite output " + values[i] + " at index " + i;
            }
        }
        return null;
    }

    private static String probabilityProblem(float[] values, String role) {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0) {
                return role + ": negative probability " + values[i] + " at index " + i;
            }
            sum += values[i];
        }
        return sum > 0 ? null : role + ": probabilities sum to zero";
    }

    private PairMetrics metrics(float[] r, float[] c, OutputKind kind) {
        int n = r.length;
        double dot = 0;
        double rr = 0;
        double cc = 0;
        double noise = 0;
        double absSum = 0;
        double absMax = 0;
        for (int i = 0; i < n; i++) {
            double ri = r[i];
            double ci = c[i];
            double diff = ri - ci;
            dot += ri * ci;
            rr += ri * ri;
            cc += ci * ci;
            noise += diff * diff;
            absSum += Math.abs(diff);
            absMax = Math.max(absMax, Math.abs(diff));
        }
        double cosine = rr == 0 && cc == 0 ? 1 : rr == 0 || cc == 0 ? 0 : dot / (Math.sqrt(rr) * Math.sqrt(cc));
        double sqnr = noise == 0 ? Double.POSITIVE_INFINITY
                : rr == 0 ? Double.NEGATIVE_INFINITY : 10 * Math.log10(rr / noise);
        double kl = switch (kind) {
            case LOGITS -> klOfLogits(r, c);
            case PROBABILITIES -> klOfProbabilities(r, c);
            case EMBEDDING, OTHER -> Double.NaN;
        };
        return new PairMetrics(argmax(r) == argmax(c), topKOverlap(r, c), cosine, absMax, absSum / n, sqnr, kl);
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double topKOverlap(float[] r, float[] c) {
        int k = Math.min(TOP_K, r.length);
        int[] topR = topK(r, k);
        int[] topC = topK(c, k);
        int shared = 0;
        for (int i : topR) {
            for (int j : topC) {
                if (i == j) {
                    shared++;
                }
            }
        }
        return (double) shared / k;
    }

    /**
     * Positions of the k largest values, lower position first among equal values. One pass keeping the best k
     * in order: runs once per pair on vectors of thousands of classes, where sorting boxed positions would not do.
     */
    private static int[] topK(float[] values, int k) {
        int[] top = new int[k];
        int size = 0;
        for (int i = 0; i < values.length; i++) {
            if (size == k && Float.compare(values[i], values[top[k - 1]]) <= 0) {
                continue; // an equal value at a later position ranks lower
            }
            int at = Math.min(size, k - 1);
            while (at > 0 && Float.compare(values[i], values[top[at - 1]]) > 0) {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = i;
            size = Math.min(size + 1, k);
        }
        return top;
    }

    /** KL(softmax(r) ‖ softmax(c)) = Σ p_i (log p_i − log q_i) with stable log-softmaxes. */
    private static double klOfLogits(float[] r, float[] c) {
        double[] logP = logSoftmax(r);
        double[] logQ = logSoftmax(c);
        double kl = 0;
        for (int i = 0; i < r.length; i++) {
            kl += Math.exp(logP[i]) * (logP[i] - logQ[i]);
        }
        return Math.max(0, kl); // KL is never negative; rounding can make a near-zero sum dip below
    }

    private static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit - max);
        }
        double logSum = max + Math.log(sum);
        double[] result = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            result[i] = logits[i] - logSum;
        }
        return result;
    }

    /**
     * KL of the given distributions, each normalized to sum 1. Candidate probabilities are floored at the
     * probability floor: a quantized model often outputs exact zeros, which would make one pair's KL, and
     * every mean over it, infinite.
     */
    private double klOfProbabilities(float[] r, float[] c) {
        double sumR = 0;
        double sumC = 0;
        for (int i = 0; i < r.length; i++) {
            sumR += r[i];
            sumC += c[i];
        }
        double kl = 0;
        for (int i = 0; i < r.length; i++) {
            double p = r[i] / sumR;
            if (p > 0) {
                kl += p * (Math.log(p) - Math.log(Math.max(c[i] / sumC, probabilityFloor)));
            }
        }
        return Math.max(0, kl);
    }
}
