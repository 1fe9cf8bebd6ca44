package dev.parallax.analytics;

import dev.parallax.analytics.confidence.Percentile;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Numbers for people, the one formatter of every page, report, alert and piece of evidence: three significant
 * digits (an exact count keeps all of its own), a unit, thousands separators, no exponent, and
 * {@link #NOT_ENOUGH_DATA} wherever a figure is NaN or infinite (a statistic of nothing), never the raw value.
 */
public final class Figures {

    public static final String NOT_ENOUGH_DATA = "not enough data";
    /** Where a percentile has too few samples for its confidence interval. */
    public static final String NOT_ENOUGH_SAMPLES = "not enough samples";

    private static final String[] SUPERSCRIPT = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};

    private Figures() {
    }

    /** An exact count: {@code 72,503}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * Three significant digits, trailing zeros dropped: {@code 6.6}, {@code 0.125}, {@code 1,235}; below 0.001 in
     * powers of ten ({@code 1.2 × 10⁻⁷}), since a row of zeros hides the size.
     */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return NOT_ENOUGH_DATA;
        }
        if (v == 0) {
            return "0";
        }
        String sign = v < 0 ? "−" : "";
        double a = Math.abs(v);
        if (a >= 100) {
            return sign + count(Math.round(a));
        }
        BigDecimal rounded = new BigDecimal(a).round(new MathContext(3, RoundingMode.HALF_EVEN));
        if (a >= 0.001) {
            return sign + rounded.stripTrailingZeros().toPlainString();
        }
        int exponent = rounded.precision() - rounded.scale() - 1;
        String mantissa = rounded.movePointLeft(exponent).round(new MathContext(2)).stripTrailingZeros()
                .toPlainString();
        return sign + mantissa + " × 10" + superscript(exponent);
    }

    /** A figure with its unit, {@code " mWh"}; {@link #NOT_ENOUGH_DATA} alone when there is none. */
    public static String number(double v, String unit) {
        return Double.isFinite(v) ? number(v) + unit : NOT_ENOUGH_DATA;
    }

    public static String ms(double v) {
        return number(v, " ms");
    }

    public static String joules(double v) {
        return number(v, " J");
    }

    public static String decibels(double v) {
        return number(v, " dB");
    }

    public static String celsius(double v) {
        return number(v, " °C");
    }

    /**
     * A percentile with where the true one lies: {@code 41 ms (95 % CI 40.2 – 41.8)}, or, with too few samples for an
     * interval, {@code 41 ms (not enough samples: 100 of 368)}.
     */
    public static String tail(Percentile p, String unit) {
        return Double.isFinite(p.value()) ? number(p.value()) + unit + " (" + interval(p, "") + ")" : NOT_ENOUGH_DATA;
    }

    /** The interval of a percentile alone, {@code 95 % CI 40.2 – 41.8 ms}, or {@code not enough samples: 100 of 368}. */
    public static String interval(Percentile p, String unit) {
        return p.bounded() ? percent(p.confidence()) + " CI " + number(p.lower()) + " – " + number(p.upper()) + unit
                : NOT_ENOUGH_SAMPLES + ": " + count(p.samples()) + " of " + count(p.needed());
    }

    /** A ratio of two figures: {@code 6.6×}. */
    public static String times(double v) {
        return number(v, "×");
    }

    /** A fraction as a percentage, at most two decimals: 0.055000000000000056 is {@code 5.5 %}. */
    public static String percent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return NOT_ENOUGH_DATA;
        }
        BigDecimal pct = new BigDecimal(100 * fraction).setScale(2, RoundingMode.HALF_EVEN);
        if (pct.abs().compareTo(BigDecimal.TEN) >= 0) {
            pct = pct.setScale(1, RoundingMode.HALF_EVEN);
        }
        return (pct.signum() < 0 ? "−" : "") + pct.abs().stripTrailingZeros().toPlainString() + " %";
    }

    /** A change as a percentage, always signed: {@code +12.5 %}, {@code −3 %}. */
    public static String signedPercent(double fraction) {
        return Double.isFinite(fraction) && fraction > 0 ? "+" + percent(fraction) : percent(fraction);
    }

    /** A similarity close to 1, where the third and fourth decimals are the news: {@code 0.9899}. */
    public static String cosine(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : NOT_ENOUGH_DATA;
    }

    /** Money: cents from a cent up ({@code $1,234.57}), else three significant digits ({@code $0.000427}). */
    public static String usd(double v) {
        if (!Double.isFinite(v)) {
            return NOT_ENOUGH_DATA;
        }
        String sign = v < 0 ? "−" : "";
        double a = Math.abs(v);
        if (a == 0 || a >= 0.01) {
            return sign + String.format(Locale.ROOT, "$%,.2f", a);
        }
        return sign + "$" + new BigDecimal(a).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** A change in money, always signed: {@code +$12.30}, {@code −$4.00}. */
    public static String usdDelta(double v) {
        String amount = usd(v);
        return Double.isFinite(v) && v >= 0 ? "+" + amount : amount;
    }

    /** A cost per inference, said per million inferences, where it reads as cents: {@code $0.43 per million}. */
    public static String usdPerMillion(double usdPerInference) {
        return Double.isFinite(usdPerInference) ? usd(usdPerInference * 1e6) + " per million" : NOT_ENOUGH_DATA;
    }

    private static String superscript(int exponent) {
        StringBuilder s = new StringBuilder(exponent < 0 ? "⁻" : "");
        for (char c : Integer.toString(Math.abs(exponent)).toCharArray()) {
            s.append(SUPERSCRIPT[c - '0']);
        }
        return s.toString();
    }
}
