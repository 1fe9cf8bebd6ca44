package dev.parallax.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void numbersHaveThreeSignificantDigitsAndNoExponent() {
        assertEquals("6.6", Figures.number(6.6));
        assertEquals("6.63", Figures.number(6.6349));
        assertEquals("0.125", Figures.number(0.125));
        assertEquals("40", Figures.number(40.0));
        assertEquals("1,235", Figures.number(1234.5));
        assertEquals("0.00123", Figures.number(0.0012345));
        assertEquals("1.2 × 10⁻⁷", Figures.number(1.23e-7));
        assertEquals("−3.5", Figures.number(-3.5));
        assertEquals("0", Figures.number(0));
    }

    @Test
    void nothingMeasuredSaysSo() {
        for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertEquals("not enough data", Figures.number(v));
            assertEquals("not enough data", Figures.ms(v));
            assertEquals("not enough data", Figures.percent(v));
            assertEquals("not enough data", Figures.usd(v));
            assertEquals("not enough data", Figures.usdDelta(v));
            assertEquals("not enough data", Figures.usdPerMillion(v));
            assertEquals("not enough data", Figures.cosine(v));
            assertEquals("not enough data", Figures.times(v));
        }
    }

    @Test
    void unitsFollowTheNumber() {
        assertEquals("12.3 ms", Figures.ms(12.3456));
        assertEquals("0.125 J", Figures.joules(0.125));
        assertEquals("31 dB", Figures.decibels(31));
        assertEquals("6.6×", Figures.times(6.6));
        assertEquals("85.5 °C", Figures.celsius(85.5));
        assertEquals("72,503", Figures.count(72_503));
    }

    @Test
    void percentagesAreOfFractionsWithAtMostTwoDecimals() {
        assertEquals("5.5 %", Figures.percent(0.055000000000000056));
        assertEquals("1 %", Figures.percent(0.01));
        assertEquals("0.01 %", Figures.percent(0.0001));
        assertEquals("100 %", Figures.percent(1));
        assertEquals("0 %", Figures.percent(0));
        assertEquals("33.3 %", Figures.percent(1 / 3.0));
        assertEquals("+12.5 %", Figures.signedPercent(0.125));
        assertEquals("−3 %", Figures.signedPercent(-0.03));
    }

    @Test
    void moneyIsInCentsOrSignificantDigitsNeverAnExponent() {
        assertEquals("$1,234.57", Figures.usd(1234.567));
        assertEquals("$0.000000427", Figures.usd(4.27e-7));
        assertEquals("$0.43 per million", Figures.usdPerMillion(4.27e-7));
        assertEquals("+$12.30", Figures.usdDelta(12.3));
        assertEquals("−$4.00", Figures.usdDelta(-4));
        assertEquals("$0.00", Figures.usd(0));
    }

    @Test
    void cosinesKeepTheDecimalsThatMatter() {
        assertEquals("0.9899", Figures.cosine(0.98989));
    }
}
