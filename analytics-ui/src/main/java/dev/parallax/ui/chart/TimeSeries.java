package dev.parallax.ui.chart;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ECharts options for time series: named lines over a time axis, with optional horizontal limit lines. */
public final class TimeSeries {

    private final String title;
    private final String unit;
    private final List<Map<String, Object>> series = new ArrayList<>();

    public TimeSeries(String title, String unit) {
        this.title = title;
        this.unit = unit;
    }

    public TimeSeries line(String name, List<Instant> times, List<Double> values) {
        List<List<Object>> data = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            double v = values.get(i);
            data.add(List.of(times.get(i).toEpochMilli(), Double.isFinite(v) ? (Object) v : "-"));
        }
        series.add(Map.of("name", name, "type", "line", "showSymbol", false, "data", data));
        return this;
    }

    /** Unconnected points, e.g. events on a timeline. */
    public TimeSeries points(String name, List<Instant> times, List<Double> values) {
        List<List<Object>> data = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            data.add(List.of(times.get(i).toEpochMilli(), values.get(i)));
        }
        series.add(Map.of("name", name, "type", "scatter", "symbolSize", 12, "data", data));
        return this;
    }

    /** A dashed horizontal line, e.g. a latency budget or a tolerance. */
    public TimeSeries limit(String name, double value) {
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

    public Map<String, Object> option() {
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("title", Map.of("text", title, "textStyle", Map.of("fontSize", 14)));
        option.put("tooltip", Map.of("trigger", "axis"));
        option.put("legend", Map.of("top", 22, "type", "scroll"));
        option.put("grid", Map.of("left", 56, "right", 16, "top", 64, "bottom", 32));
        option.put("xAxis", Map.of("type", "time"));
        option.put("yAxis", Map.of("type", "value", "name", unit, "scale", true));
        option.put("series", series);
        return option;
    }
}
