package dev.parallax.ui.chart;

/**
 * The y-axis of a chart that must not mislead (issue 15): it holds every value and every limit line, spans at least
 * a minimum (so noise of 1e-7 stays flat instead of filling the chart like a cliff), and stays within the bounds of
 * what the metric can be (a cosine above 1 means nothing).
 */
public record AxisRange(double min, double max) {

    /** A tenth of the span on each side, so that points on the edge stay visible. */
    private static final double PAD = 0.1;

    /**
     * @param values the plotted values and limit lines; non-finite ones are skipped
     * @param minSpan the smallest span worth showing in the metric's unit
     * @param floor the lowest value the metric can take (or -infinity)
     * @param ceiling the highest (or +infinity)
     * @return null when no value is finite (the chart library's own default then holds)
     */
    public static AxisRange fit(double[] values, double minSpan, double floor, double ceiling) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            return null;
        }
        double widen = Math.max(0, minSpan - (hi - lo)) / 2;
        double pad = PAD * Math.max(hi - lo, minSpan);
        // Ends on a round figure (a hundredth of the span's order of magnitude), so the axis labels read well.
        double step = Math.pow(10, Math.floor(Math.log10(Math.max(hi - lo, minSpan))) - 2);
        lo = Math.floor((lo - widen - pad) / step) * step;
        hi = Math.ceil((hi + widen + pad) / step) * step;
        // Against a bound, the span it loses goes to the other side.
        if (lo < floor) {
            hi = Math.min(ceiling, hi + floor - lo);
            lo = floor;
        }
        if (hi > ceiling) {
            lo = Math.max(floor, lo - (hi - ceiling));
            hi = ceiling;
        }
        return new AxisRange(lo, hi);
    }

    public boolean contains(double v) {
        return v >= min && v <= max;
    }
}
