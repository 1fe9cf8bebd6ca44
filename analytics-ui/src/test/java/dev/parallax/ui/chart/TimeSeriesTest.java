package dev.parallax.ui.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A short line marks every point (a one-window range stays visible); a week of minutes is drawn as a shape. */
class TimeSeriesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aShortLineMarksEachPointALongOneIsSampled() {
        Map<String, Object> shortLine = onlySeries(line(TimeSeries.MARKED_POINTS));
        assertEquals(true, shortLine.get("showSymbol"));
        assertNull(shortLine.get("sampling"));
        Map<String, Object> week = onlySeries(line(7 * 24 * 60));
        assertEquals(false, week.get("showSymbol"));
        assertEquals("lttb", week.get("sampling"));
        assertEquals(7 * 24 * 60, ((List<?>) week.get("data")).size(), "every point is sent; the chart thins them");
    }

    private static TimeSeries line(int points) {
        List<Instant> times = IntStream.range(0, points).mapToObj(i -> T0.plus(Duration.ofMinutes(i))).toList();
        List<Double> values = IntStream.range(0, points).mapToObj(i -> 40.0 + i % 7).toList();
        return new TimeSeries("p99", "ms").line("edge", times, values);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlySeries(TimeSeries chart) {
        List<Map<String, Object>> series = (List<Map<String, Object>>) chart.option().get("series");
        assertEquals(1, series.size());
        return series.getFirst();
    }
}
