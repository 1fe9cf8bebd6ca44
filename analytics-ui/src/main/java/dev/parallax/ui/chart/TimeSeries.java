package dev.parallax.ui.chart;

import dev.parallax.analytics.Figures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * ECharts options for time series: named lines over a time axis, with optional horizontal limit lines and vertical
 * markers. Every point carries its label for the tooltip, formatted here by {@link Figures} (the browser only shows
 * it), and is drawn with a marker, so that a range of a single window is a visible point, not an empty chart. A line
 * of more than {@link #MARKED_POINTS} points is drawn without markers and thinned here, before it is sent: a week of
 * windows is thousands of points per line, which the browser received, parsed and sampled on every load (seconds
 * for a test's four divergence charts). Thinned, each of {@link #SPANS} runs of consecutive points keeps its lowest
 * and its highest point (and a gap where it has one), so a single window over a limit line still shows over it, and
 * the y-axis still spans every value.
 */
public final class TimeSeries {

    /** Up to this many points a line marks each one; beyond, its shape is what a reader sees. */
    static final int MARKED_POINTS = 300;
    /** A longer line is sent as at most two points, its extremes, per this many runs of its points. */
    static final int SPANS = MARKED_POINTS / 2;

    private final String title;
    private final String unit;
    private final List<Map<String, Object>> series = new ArrayList<>();
    /** Every value and limit drawn, for the y-axis. */
    private final List<Double> drawn = new ArrayList<>();
    private final Map<String, Boolean> legendSelected = new LinkedHashMap<>();
    private double minSpan = Double.NaN;
    private double floor = Double.NEGATIVE_INFINITY;
    private double ceiling = Double.POSITIVE_INFINITY;
    private Instant from;
    private Instant to;

    public TimeSeries(String title, String unit) {
        this.title = title;
        this.unit = unit;
    }

    /** A line whose tooltip shows each value with the chart's unit. */
    public TimeSeries line(String name, List<Instant> times, List<Double> values) {
        return line(name, times, values, values.stream().map(this::withUnit).toList());
    }

    /** A line whose tooltip shows {@code labels}, e.g. a percentile with its confidence interval. */
    public TimeSeries line(String name, List<Instant> times, List<Double> values, List<String> labels) {
        boolean marked = times.size() <= MARKED_POINTS;
        List<Integer> sent = marked ? IntStream.range(0, times.size()).boxed().toList() : extremes(values);
        Map<String, Object> line = new LinkedHashMap<>(Map.of("name", name, "type", "line", "symbol", "circle",
                "symbolSize", 6, "data", items(sent.stream().map(times::get).toList(),
                        sent.stream().map(values::get).toList(), sent.stream().map(labels::get).toList())));
        line.put("showSymbol", marked);
        series.add(line);
        return this;
    }

    /**
     * The indexes of the points a long line is drawn with: in each of {@link #SPANS} runs of consecutive points, the
     * lowest and the highest, and the first that is not a number (the line's gap there), in time order.
     */
    static List<Integer> extremes(List<Double> values) {
        List<Integer> kept = new ArrayList<>();
        for (int span = 0; span < SPANS; span++) {
            int start = (int) ((long) span * values.size() / SPANS);
            int end = (int) ((long) (span + 1) * values.size() / SPANS);
            int low = -1;
            int high = -1;
            int gap = -1;
            for (int i = start; i < end; i++) {
                double v = values.get(i);
                if (!Double.isFinite(v)) {
                    gap = gap < 0 ? i : gap;
                } else {
                    low = low < 0 || v < values.get(low) ? i : low;
                    high = high < 0 || v > values.get(high) ? i : high;
                }
            }
            IntStream.of(low, high, gap).filter(i -> i >= 0).distinct().sorted().forEach(kept::add);
        }
        return kept;
    }

    /** Unconnected points, e.g. events on a timeline. */
    public TimeSeries points(String name, List<Instant> times, List<Double> values) {
        return points(name, times, values, values.stream().map(this::withUnit).toList());
    }

    /** Unconnected points whose tooltips show {@code labels}, e.g. each with the device it happened on. */
    public TimeSeries points(String name, List<Instant> times, List<Double> values, List<String> labels) {
        series.add(Map.of("name", name, "type", "scatter", "symbolSize", 12, "data", items(times, values, labels)));
        return this;
    }

    /** A dashed horizontal line, e.g. a latency budget or a tolerance; always inside the y-axis. */
    public TimeSeries limit(String name, double value) {
        drawn.add(value);
        series.add(Map.of("name", name, "type", "line", "data", List.of(),
                "markLine", Map.of("silent", true, "symbol", "none", "lineStyle", Map.of("type", "dashed"),
                        "data", List.of(Map.of("yAxis", value, "name", name)))));
        return this;
    }

    /** Dotted vertical lines at moments, each labelled, e.g. change points; one legend entry for them all. */
    public TimeSeries markers(String name, List<Instant> times, List<String> labels) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            data.add(Map.of("xAxis", times.get(i).toEpochMilli(), "name", labels.get(i)));
        }
        series.add(Map.of("name", name, "type", "line", "data", List.of(),
                "markLine", Map.of("symbol", "none", "lineStyle", Map.of("type", "dotted"),
                        "label", Map.of("formatter", "{b}", "position", "insideEndTop"), "data", data)));
        return this;
    }

    /**
     * The y-axis spans at least {@code minSpan} within {@code [floor, ceiling]} around every value and limit
     * ({@link AxisRange}), instead of fitting the data alone.
     */
    public TimeSeries axis(double minSpan, double floor, double ceiling) {
        this.minSpan = minSpan;
        this.floor = floor;
        this.ceiling = ceiling;
        return this;
    }

    /** The time axis spans the range asked for, not just the data: one window shows where in the range it fell. */
    public TimeSeries between(Instant from, Instant to) {
        this.from = from;
        this.to = to;
        return this;
    }

    /** A series listed in the legend but not drawn until picked there. */
    public TimeSeries hidden(String name) {
        legendSelected.put(name, false);
        return this;
    }

    public Map<String, Object> option() {
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("animation", false);
        option.put("title", Map.of("text", title, "textStyle", Map.of("fontSize", 14)));
        option.put("tooltip", Map.of("trigger", "axis"));
        option.put("legend", Map.of("top", 22, "type", "scroll", "selected", legendSelected));
        option.put("grid", Map.of("left", 64, "right", 16, "top", 64, "bottom", 32));
        // Zoom in place (shift + wheel, drag to pan, or a box from the toolbox), or brush a range along the time axis
        // for the page to open it (EChart.RangeSelect); restore undoes a zoom.
        option.put("dataZoom", List.of(Map.of("type", "inside", "xAxisIndex", 0, "filterMode", "none",
                "zoomOnMouseWheel", "shift")));
        option.put("brush", Map.of("xAxisIndex", "all", "throttleType", "debounce"));
        option.put("toolbox", Map.of("right", 8, "feature", Map.of(
                "dataZoom", Map.of("yAxisIndex", "none", "title", Map.of("zoom", "Zoom into a box", "back", "Zoom back")),
                "brush", Map.of("type", List.of("lineX"), "title", Map.of("lineX", "Open a range")),
                "restore", Map.of("title", "Restore"))));
        Map<String, Object> xAxis = new LinkedHashMap<>(Map.of("type", "time"));
        if (from != null) {
            xAxis.put("min", from.toEpochMilli());
            xAxis.put("max", to.toEpochMilli());
        }
        option.put("xAxis", xAxis);
        Map<String, Object> yAxis = new LinkedHashMap<>(Map.of("type", "value", "name", unit, "scale", true));
        AxisRange range = Double.isNaN(minSpan) ? null
                : AxisRange.fit(drawn.stream().mapToDouble(Double::doubleValue).toArray(), minSpan, floor, ceiling);
        if (range != null) {
            yAxis.put("min", range.min());
            yAxis.put("max", range.max());
        }
        option.put("yAxis", yAxis);
        option.put("series", series);
        return option;
    }

    private List<Map<String, Object>> items(List<Instant> times, List<Double> values, List<String> labels) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            double v = values.get(i);
            drawn.add(v);
            // "-" is ECharts' gap: no point is drawn for a value that is not a number.
            data.add(Map.of("value", List.of(times.get(i).toEpochMilli(), Double.isFinite(v) ? (Object) v : "-"),
                    "tip", labels.get(i)));
        }
        return data;
    }

    private String withUnit(double v) {
        return Figures.number(v, unit.isEmpty() || unit.equals("×") ? unit : " " + unit);
    }
}
