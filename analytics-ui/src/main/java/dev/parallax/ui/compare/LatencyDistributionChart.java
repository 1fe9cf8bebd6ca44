package dev.parallax.ui.compare;

import dev.parallax.ui.chart.EChart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One series' latency distributions of two runs on one chart: each run's latency at every percentile from 0 to 100
 * (and 99.9), so a shift of the body and a longer tail both show.
 */
final class LatencyDistributionChart {

    private static final double[] PERCENTILES = percentiles();

    private LatencyDistributionChart() {
    }

    static EChart of(String title, String nameA, double[] sortedA, String nameB, double[] sortedB) {
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("title", Map.of("text", title, "textStyle", Map.of("fontSize", 13)));
        option.put("legend", Map.of("top", 22));
        option.put("grid", Map.of("top", 60, "left", 56, "right", 24, "bottom", 48));
        option.put("xAxis", Map.of("type", "value", "name", "latency (ms)", "nameLocation", "middle", "nameGap", 28,
                "scale", true));
        option.put("yAxis", Map.of("type", "value", "name", "percentile", "min", 0, "max", 100));
        option.put("series", List.of(line(nameA, sortedA), line(nameB, sortedB)));
        EChart chart = new EChart();
        chart.setOption(option);
        return chart;
    }

    /** {@code [latency at p, p]} for each percentile p: the run's quantile curve. */
    static List<double[]> curve(double[] sorted) {
        List<double[]> points = new ArrayList<>();
        if (sorted.length == 0) return points;
        for (double p : PERCENTILES) {
            points.add(new double[] {sorted[(int) Math.floor(p / 100 * (sorted.length - 1))], p});
        }
        return points;
    }

    private static Map<String, Object> line(String name, double[] sorted) {
        return Map.of("name", name, "type", "line", "showSymbol", false, "data", curve(sorted));
    }

    private static double[] percentiles() {
        double[] p = new double[102];
        for (int i = 0; i <= 99; i++) p[i] = i;
        p[100] = 99.9;
        p[101] = 100;
        return p;
    }
}
