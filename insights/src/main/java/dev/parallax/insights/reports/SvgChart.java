package dev.parallax.insights.reports;

import dev.parallax.analytics.Figures;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG, so a report is one self-contained HTML file (no script, no external host): named
 * series of (time, value) points over a shared time axis, with an optional dashed limit line.
 */
final class SvgChart {

    private static final String[] COLORS = {"#1f6feb", "#d4700a", "#2da44e", "#8250df", "#cf222e", "#57606a"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 240;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 28;
    private static final DateTimeFormatter AXIS = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private record Series(String name, List<Instant> times, List<Double> values) {
    }

    private final String title;
    private final String unit;
    private final List<Series> series = new ArrayList<>();
    private double limit = Double.NaN;
    private String limitName;

    SvgChart(String title, String unit) {
        this.title = title;
        this.unit = unit;
    }

    SvgChart line(String name, List<Instant> times, List<Double> values) {
        series.add(new Series(name, List.copyOf(times), List.copyOf(values)));
        return this;
    }

    SvgChart limit(String name, double value) {
        this.limitName = name;
        this.limit = value;
        return this;
    }

    String render() {
        long t0 = Long.MAX_VALUE;
        long t1 = Long.MIN_VALUE;
        double v0 = Double.isNaN(limit) ? Double.POSITIVE_INFINITY : limit;
        double v1 = Double.isNaN(limit) ? Double.NEGATIVE_INFINITY : limit;
        for (Series s : series) {
            for (int i = 0; i < s.times().size(); i++) {
                double v = s.values().get(i);
                if (Double.isFinite(v)) {
                    t0 = Math.min(t0, s.times().get(i).toEpochMilli());
                    t1 = Math.max(t1, s.times().get(i).toEpochMilli());
                    v0 = Math.min(v0, v);
                    v1 = Math.max(v1, v);
                }
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(fmt("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\" font-size=\"11\">", WIDTH, HEIGHT, WIDTH,
                HEIGHT, Html.escape(title)));
        svg.append(fmt("<text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>", LEFT,
                Html.escape(title)));
        if (t0 > t1) {
            svg.append(fmt("<text x=\"%d\" y=\"%d\">no data in this period</text></svg>", LEFT, HEIGHT / 2));
            return svg.toString();
        }
        if (v0 == v1) {
            v0 -= Math.max(1e-9, Math.abs(v0) * 0.1);
            v1 += Math.max(1e-9, Math.abs(v1) * 0.1);
        }
        double pad = (v1 - v0) * 0.05;
        Scale x = new Scale(t0, Math.max(t1, t0 + 1), LEFT, WIDTH - RIGHT);
        Scale y = new Scale(v0 - pad, v1 + pad, HEIGHT - BOTTOM, TOP);
        svg.append(fmt("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", LEFT, HEIGHT - BOTTOM,
                WIDTH - RIGHT, HEIGHT - BOTTOM));
        svg.append(fmt("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", LEFT, TOP, LEFT,
                HEIGHT - BOTTOM));
        for (int i = 0; i <= 4; i++) {
            double v = y.from + (y.to - y.from) * i / 4;
            svg.append(fmt("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT - 4, y.map(v) + 4,
                    Figures.number(v)));
            long t = (long) (x.from + (x.to - x.from) * i / 4);
            svg.append(fmt("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x.map(t), HEIGHT - 10,
                    AXIS.format(Instant.ofEpochMilli(t))));
        }
        svg.append(fmt("<text x=\"4\" y=\"%d\">%s</text>", TOP - 6, Html.escape(unit)));
        if (!Double.isNaN(limit)) {
            svg.append(fmt("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#cf222e\" "
                    + "stroke-dasharray=\"5,4\"><title>%s</title></line>", LEFT, y.map(limit), WIDTH - RIGHT,
                    y.map(limit), Html.escape(limitName)));
        }
        int legendX = LEFT + 260;
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String color = COLORS[k % COLORS.length];
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.times().size(); i++) {
                double v = s.values().get(i);
                if (Double.isFinite(v)) {
                    points.append(fmt("%.1f,%.1f ", x.map(s.times().get(i).toEpochMilli()), y.map(v)));
                }
            }
            svg.append(fmt("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>", color,
                    points.toString().strip()));
            svg.append(fmt("<text x=\"%d\" y=\"16\" fill=\"%s\">%s</text>", legendX, color, Html.escape(s.name())));
            legendX += 12 + 7 * s.name().length();
        }
        return svg.append("</svg>").toString();
    }

    private record Scale(double from, double to, double pixelFrom, double pixelTo) {
        double map(double v) {
            return pixelFrom + (v - from) / (to - from) * (pixelTo - pixelFrom);
        }
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
