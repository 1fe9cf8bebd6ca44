package dev.parallax.ui.compare;

import dev.parallax.insights.regression.SeriesKey;

/**
 * One figure of one series in two runs, A (the baseline) and B, as people read it: both values formatted, the change
 * from A to B, the test that says whether the difference is real, and the verdict.
 *
 * @param test    the test and its outcome, e.g. "Mann-Whitney U, p = 0.003"
 * @param pValue  NaN when no test applies or there is not enough data
 */
public record ComparedFigure(SeriesKey series, String figure, String a, String b, String change, String test,
                             double pValue, Verdict verdict) {

    /** What the difference amounts to, from A to B. */
    public enum Verdict {
        WORSE("B worse"), BETTER("B better"), SAME("no significant difference"), UNKNOWN("not enough data");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
