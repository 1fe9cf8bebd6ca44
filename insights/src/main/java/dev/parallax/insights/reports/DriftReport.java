package dev.parallax.insights.reports;

import dev.parallax.analytics.Figures;
import dev.parallax.analytics.divergence.DivergenceSummary;
import dev.parallax.analytics.divergence.DriftTolerance;
import dev.parallax.analytics.energy.EnergyEstimate;
import dev.parallax.insights.alerts.AlertHistory;
import dev.parallax.insights.alerts.AlertRow;
import dev.parallax.insights.deadletters.DeadLetters;
import dev.parallax.insights.divergence.DivergenceService;
import dev.parallax.insights.energy.EnergyFigure;
import dev.parallax.insights.energy.EnergyService;
import dev.parallax.insights.generation.GenerationFigure;
import dev.parallax.insights.generation.GenerationService;
import dev.parallax.insights.latency.LatencyPoint;
import dev.parallax.insights.latency.LatencyService;
import dev.parallax.insights.placement.Recommendations;
import dev.parallax.insights.placement.StoredRecommendation;
import dev.parallax.insights.regression.StoredChangePoints;
import dev.parallax.insights.throttle.Episode;
import dev.parallax.insights.throttle.ThrottleService;
import dev.parallax.insights.latency.InferenceCounts;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The drift report of SPEC §9 for a period, as one self-contained HTML page (inline SVG charts): alerts opened and
 * closed, divergence per model against tolerance, tail latency edge vs cloud per test with trend charts, LLM generation
 * (time to first token, tokens per second, peak memory) per LLM test, change points
 * at the period's runs (as last analysed: by the gate, or the UI's background analysis), throttle
 * episodes per device, energy per inference, placement recommendations with cost deltas, data quality (dead letters,
 * events too late for their windows, silent devices).
 */
public final class DriftReport {

    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    static final Duration SILENT = Duration.ofMinutes(10);

    private final Warehouse warehouse;
    private final AlertHistory alerts;
    private final DivergenceService divergence;
    private final LatencyService latency;
    private final GenerationService generation;
    private final ThrottleService throttle;
    private final EnergyService energy;
    private final InferenceCounts counts;
    private final DeadLetters deadLetters;
    private final StoredChangePoints changePoints;
    private final DriftTolerance tolerance = DriftTolerance.defaults();

    public DriftReport(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.alerts = new AlertHistory(warehouse);
        this.divergence = new DivergenceService(warehouse);
        this.latency = new LatencyService(warehouse);
        this.generation = new GenerationService(warehouse);
        this.throttle = new ThrottleService(warehouse);
        this.energy = new EnergyService(warehouse);
        this.counts = new InferenceCounts(warehouse);
        this.deadLetters = new DeadLetters(warehouse);
        this.changePoints = new StoredChangePoints(warehouse);
    }

    public static String title(Instant from, Instant to) {
        return "Parallax drift report " + TIME.format(from) + " – " + TIME.format(to);
    }

    /** The report of {@code [from, to)} on whole minutes ({@link Period}), as every page reads a range. */
    public String html(Instant from, Instant to, Instant generatedAt) {
        Period period = new Period(from, to);
        from = period.from();
        to = period.to();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(title(from, to))).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2rem;color:#1f2328}table{border-collapse:collapse;"
                        + "margin:.5rem 0 1rem}td,th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left}"
                        + "th{background:#f6f8fa}.bad{color:#cf222e;font-weight:bold}.ok{color:#1a7f37}"
                        + "section{margin-bottom:2rem}")
                .append("</style></head><body>");
        h.append("<h1>").append(Html.escape(title(from, to))).append("</h1><p>Generated ")
                .append(TIME.format(generatedAt)).append(".</p>");
        alertsSection(h, from, to);
        divergenceSection(h, from, to);
        // Every key's counts, read once for the latency section and the data quality's too-late figures.
        List<InferenceCounts.KeyCount> keys = counts.perKey("", period);
        latencySection(h, period, keys);
        generationSection(h, period);
        changePointsSection(h, from, to);
        throttleSection(h, from, to);
        energySection(h, period);
        placementSection(h);
        dataQualitySection(h, period, keys);
        return h.append("</body></html>").toString();
    }

    private void alertsSection(StringBuilder h, Instant from, Instant to) {
        List<AlertRow> rows = alerts.between(from, to);
        long opened = rows.stream().filter(a -> !a.raisedAt().isBefore(from) && a.raisedAt().isBefore(to)).count();
        long closed = rows.stream().filter(a -> a.resolvedAt() != null && !a.resolvedAt().isBefore(from)
                && a.resolvedAt().isBefore(to)).count();
        h.append("<section id=\"alerts\"><h2>Alerts</h2><p>").append(opened).append(" opened, ").append(closed)
                .append(" closed in the period.</p>");
        table(h, List.of("Severity", "Alert", "State", "Raised", "Resolved", "Acknowledged by"), rows.stream()
                .map(a -> List.of(a.severity(), a.message(), a.state(), TIME.format(a.raisedAt()),
                        a.resolvedAt() == null ? "" : TIME.format(a.resolvedAt()),
                        a.acknowledgedBy() == null ? "" : a.acknowledgedBy())).toList(), "No alert in the period.");
        h.append("</section>");
    }

    private void divergenceSection(StringBuilder h, Instant from, Instant to) {
        h.append("<section id=\"divergence\"><h2>Divergence against tolerance</h2><p>Tolerance: flip rate ≤ ")
                .append(Figures.percent(tolerance.maxFlipRate())).append(", mean SQNR ≥ ")
                .append(Figures.decibels(tolerance.minMeanSqnrDb())).append(", mean cosine ≥ ")
                .append(Figures.cosine(tolerance.minMeanCosine())).append(".</p>");
        List<List<String>> rows = new ArrayList<>();
        for (DivergenceService.ModelDivergence m : divergence.byModel(from, to)) {
            DivergenceSummary s = m.summary();
            List<String> breaches = tolerance.breaches(s);
            rows.add(List.of(m.label(), Figures.count(s.pairs()), Figures.percent(s.flipRate()),
                    Figures.decibels(s.sqnrMeanDb()), Figures.cosine(s.cosineMean()), Figures.number(s.klMean()),
                    Figures.count(s.unmatched()),
                    s.pairs() == 0 ? "no pairs" : breaches.isEmpty() ? "within" : "OVER: " + String.join("; ", breaches)));
        }
        table(h, List.of("Model precision · device class", "Pairs", "Flip rate", "Mean SQNR", "Mean cosine", "Mean KL",
                "Unmatched", "Verdict"), rows, "No divergence windows in the period.");
        h.append("</section>");
    }

    /** Per test with windows in the period: its inferences per tier ({@link InferenceCounts}) and their tails. */
    private void latencySection(StringBuilder h, Period period, List<InferenceCounts.KeyCount> keys) {
        h.append("<section id=\"latency\"><h2>Tail latency, edge vs cloud</h2><p>Each percentile with its 95 %")
                .append(" confidence interval from order statistics of its inferences, or how many it needs for one.</p>");
        Map<String, Map<String, long[]>> tests = new TreeMap<>(); // test → tier → [inferences, errors]
        keys.forEach(k -> {
            // Keys come edge first within a test.
            long[] c = tests.computeIfAbsent(k.testId(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(k.tier(), t -> new long[2]);
            c[0] += k.inferences();
            c[1] += k.errors();
        });
        if (tests.isEmpty()) {
            h.append("<p>No latency windows in the period.</p>");
        }
        tests.forEach((test, tiers) -> {
            h.append("<h3>").append(Html.escape(test)).append("</h3>");
            Map<String, LatencyPoint> tails = new HashMap<>();
            latency.overall(test, period).forEach(p -> tails.put(p.tier(), p));
            List<List<String>> rows = new ArrayList<>();
            tiers.forEach((tier, c) -> {
                LatencyPoint p = tails.get(tier);
                rows.add(p == null ? List.of(tier, Figures.count(c[0]), Figures.count(c[1]), Figures.NOT_ENOUGH_DATA,
                        Figures.NOT_ENOUGH_DATA, Figures.NOT_ENOUGH_DATA, Figures.NOT_ENOUGH_DATA)
                        : List.of(tier, Figures.count(c[0]), Figures.count(c[1]), Figures.tail(p.p50(), " ms"),
                        Figures.tail(p.p95(), " ms"), Figures.tail(p.p99(), " ms"), Figures.tail(p.p999(), " ms")));
            });
            table(h, List.of("Tier", "Inferences", "Errors", "p50", "p95", "p99", "p99.9"), rows, "");
            SvgChart chart = new SvgChart(test + ": p99 over time", "ms");
            Map<String, List<LatencyPoint>> byTier = new TreeMap<>();
            latency.series(test, period).forEach(p -> byTier.computeIfAbsent(p.tier(), k -> new ArrayList<>()).add(p));
            byTier.forEach((tier, points) -> chart.line(tier + " p99", points.stream().map(LatencyPoint::start).toList(),
                    points.stream().map(LatencyPoint::p99Ms).toList()));
            h.append(chart.render());
        });
        h.append("</section>");
    }

    /** LLM tests only: a test whose events carry no ttft_ms, tokens_out or mem_peak_mb is not listed. */
    private void generationSection(StringBuilder h, Period period) {
        Map<String, List<GenerationFigure>> byTest = generation.byTest(period);
        if (byTest.isEmpty()) {
            return;
        }
        h.append("<section id=\"generation\"><h2>LLM generation, edge vs cloud</h2><p>Time to first token and output ")
                .append("tokens per second of the whole request, each percentile with its 95 % confidence interval; the ")
                .append("highest memory peak.</p>");
        byTest.forEach((test, figures) -> {
            h.append("<h3>").append(Html.escape(test)).append("</h3>");
            table(h, GenerationFigure.COLUMNS.stream().map(GenerationFigure.Column::header).toList(), figures.stream()
                    .map(f -> GenerationFigure.COLUMNS.stream().map(c -> c.text().apply(f)).toList()).toList(), "");
        });
        h.append("</section>");
    }

    private void changePointsSection(StringBuilder h, Instant from, Instant to) {
        h.append("<section id=\"change-points\"><h2>Change points over runs</h2><p>Runs begun in the period at which a")
                .append(" metric of a series changed significantly; a regression not marked expected fails the gate.</p>");
        table(h, List.of("Run", "Started", "Series", "Metric", "Before → after", "Change", "p-value", "Verdict"),
                changePoints.startedBetween(from, to).stream().map(c -> List.of(c.runId(), TIME.format(c.runStart()),
                        c.key().toString(), c.metric().label(), c.beforeAfter(),
                        Figures.signedPercent(c.relativeChange()), Figures.number(c.pValue()), !c.regression() ? "improvement"
                                : c.expected() ? "regression, expected by " + c.expectedBy() : "OVER: regression"))
                        .toList(), "No change point at a run of the period.");
        h.append("</section>");
    }

    private void throttleSection(StringBuilder h, Instant from, Instant to) {
        h.append("<section id=\"throttle\"><h2>Thermal-throttle episodes per device</h2>");
        Map<String, List<Episode>> byDevice = new TreeMap<>();
        throttle.all(from, to).forEach(e -> byDevice.computeIfAbsent(e.deviceId(), k -> new ArrayList<>()).add(e));
        List<List<String>> rows = new ArrayList<>();
        byDevice.forEach((device, episodes) -> rows.add(List.of(device, episodes.getFirst().deviceClass(),
                Figures.count(episodes.size()),
                episodes.stream().map(Episode::duration).reduce(Duration.ZERO, Duration::plus).toSeconds() + " s",
                Figures.celsius(episodes.stream().mapToDouble(Episode::peakTempC).max().orElse(Double.NaN)),
                Figures.times(episodes.stream().mapToDouble(Episode::latencyInflation).filter(Double::isFinite)
                        .max().orElse(Double.NaN)))));
        table(h, List.of("Device", "Class", "Episodes", "Total duration", "Peak", "Worst latency inflation"), rows,
                "No throttle episode in the period.");
        h.append("</section>");
    }

    private void energySection(StringBuilder h, Period period) {
        h.append("<section id=\"energy\"><h2>Energy per inference</h2><p>Net power (power − idle) × latency, mean "
                + "with its 95 % confidence interval.</p>");
        table(h, List.of("Model", "Precision", "Device class", EnergyFigure.COUNTED + " (all tests)", "Mean",
                        "95 % CI"), energy.figures("", period).stream().map(f -> {
                    EnergyEstimate e = f.estimate();
                    return List.of(f.modelName(), f.precision(), f.deviceClass(), Figures.count(e.inferences()),
                            Figures.joules(e.meanJoules()), EnergyFigure.interval(e));
                }).toList(), "No inference with power readings in the period.");
        h.append("</section>");
    }

    private void placementSection(StringBuilder h) {
        h.append("<section id=\"placement\"><h2>Placement recommendations</h2>");
        List<StoredRecommendation> recs = Recommendations.stored(warehouse);
        table(h, List.of("Test", "Now on", "Advice", "Why", "Confidence", "Monthly cost Δ", "Evidence"), recs.stream()
                .map(r -> List.of(r.testId(), r.currentTier(), r.placement(), r.reason(), r.confidenceShown(),
                        Figures.usdDelta(r.monthlyCostDeltaUsd()),
                        String.join("; ", r.evidence()))).toList(), "No recommendation computed yet.");
        h.append("</section>");
    }

    private void dataQualitySection(StringBuilder h, Period period, List<InferenceCounts.KeyCount> keys) {
        Instant from = period.from();
        Instant to = period.to();
        h.append("<section id=\"data-quality\"><h2>Data quality</h2><h3>Dead letters</h3>");
        table(h, List.of("Reason", "Records", "Latest", "Example", "From"), deadLetters.byReason(period, 50).stream()
                .map(c -> List.of(c.reason(), Figures.count(c.letters()), TIME.format(c.latest()), c.example(),
                        c.exampleSource())).toList(), "No dead letter in the period.");
        h.append("<h3>").append(Html.escape(LatencyService.TOO_LATE)).append("</h3><p>Events that came more than 7 "
                + "days behind their latency key's newest event: kept in raw, but in no latency figure of this report.</p>");
        table(h, List.of("Test", "Events too late"), LatencyService.tooLateByTest(keys).entrySet().stream()
                        .map(e -> List.of(e.getKey(), Figures.count(e.getValue()))).toList(),
                "No latency windows in the period.");
        h.append("<h3>Silent devices</h3>");
        table(h, List.of("Device", "Class", "Last seen"), warehouse.query("""
                SELECT device_id, any(device_class) AS device_class, max(event_time) AS last_seen
                FROM (SELECT device_id, device_class, event_time FROM parallax.inference_events
                      WHERE event_time >= ? AND event_time < ?
                      UNION ALL
                      SELECT device_id, device_class, event_time FROM parallax.device_samples
                      WHERE event_time >= ? AND event_time < ?)
                GROUP BY device_id HAVING last_seen < ? ORDER BY last_seen
                """, rs -> List.of(rs.getString("device_id"), rs.getString("device_class"),
                TIME.format(Warehouse.instant(rs, "last_seen"))), from, to, from, to, to.minus(SILENT)),
                "Every device that reported in the period was heard from in its last 10 minutes.");
        h.append("</section>");
    }

    private static void table(StringBuilder h, List<String> headers, List<List<String>> rows, String empty) {
        if (rows.isEmpty()) {
            if (!empty.isEmpty()) {
                h.append("<p>").append(Html.escape(empty)).append("</p>");
            }
            return;
        }
        h.append("<table><tr>");
        headers.forEach(c -> h.append("<th>").append(Html.escape(c)).append("</th>"));
        h.append("</tr>");
        for (List<String> row : rows) {
            h.append("<tr>");
            row.forEach(c -> h.append(c.startsWith("OVER") ? "<td class=\"bad\">" : "<td>").append(Html.escape(c))
                    .append("</td>"));
            h.append("</tr>");
        }
        h.append("</table>");
    }
}
