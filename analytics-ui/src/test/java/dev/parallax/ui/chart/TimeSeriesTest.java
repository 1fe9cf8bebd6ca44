package dev.parallax.ui.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A short line marks every point (a one-window range stays visible); a week of minutes is thinned before it is sent,
 * to a shape that keeps each stretch's extremes.
 */
class TimeSeriesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aShortLineMarksEachPointALongOneIsThinnedToItsExtremes() {
        Map<String, Object> shortLine = onlySeries(line(TimeSeries.MARKED_POINTS));
        assertEquals(true, shortLine.get("showSymbol"));
        assertEquals(TimeSeries.MARKED_POINTS, data(shortLine).size(), "every point of a short line");
        Map<String, Object> week = onlySeries(line(7 * 24 * 60));
        assertEquals(false, week.get("showSymbol"));
        assertNull(week.get("sampling"), "thinned here: the browser draws what it is sent");
        assertTrue(data(week).size() <= 2 * TimeSeries.SPANS, data(week).size() + " points sent of a week's minutes");
        assertEquals(List.of(40.0, 46.0), data(week).stream().map(p -> (Double) p.get(1)).distinct().sorted().toList(),
                "each stretch's lowest and highest");
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneWindowOverTheLimitInAWeekStillShowsOverItAndAGapStaysAGap() {
        int minutes = 7 * 24 * 60;
        List<Instant> times = IntStream.range(0, minutes).mapToObj(i -> T0.plus(Duration.ofMinutes(i))).toList();
        List<Double> values = IntStream.range(0, minutes)
                .mapToObj(i -> i == 4321 ? 0.09 : i == 777 ? Double.NaN : 0.001 * (i % 5)).toList();
        TimeSeries chart = new TimeSeries("Flip rate", "").axis(0.01, 0, 1).line("resnet50 INT8", times, values)
                .limit("tolerance", 0.05);
        List<List<Object>> sent = data(((List<Map<String, Object>>) chart.option().get("series")).getFirst());
        assertTrue(sent.contains(List.of(times.get(4321).toEpochMilli(), 0.09)), "the one window over tolerance");
        assertTrue(sent.contains(List.of(times.get(777).toEpochMilli(), "-")), "the gap where a window had no pairs");
        List<Long> sentTimes = sent.stream().map(p -> (Long) p.getFirst()).toList();
        assertEquals(sentTimes.stream().sorted().toList(), sentTimes, "in time order");
        Map<String, Object> yAxis = (Map<String, Object>) chart.option().get("yAxis");
        assertTrue((Double) yAxis.get("max") >= 0.09, "the axis holds the window over tolerance: " + yAxis);
    }

    @SuppressWarnings("unchecked")
    private static List<List<Object>> data(Map<String, Object> series) {
        return ((List<Map<String, Object>>) series.get("data")).stream().map(p -> (List<Object>) p.get("value"))
                .toList();
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
