package dev.parallax.ui.tests;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.parallax.analytics.Figures;
import dev.parallax.analytics.divergence.DriftTolerance;
import dev.parallax.analytics.regression.RunMetric;
import dev.parallax.ui.alerts.AlertsView;
import dev.parallax.ui.PageLinks;
import dev.parallax.ui.chart.EChart;
import dev.parallax.ui.chart.TimeSeries;
import dev.parallax.ui.divergence.DivergencePoint;
import dev.parallax.ui.divergence.DivergenceService;
import dev.parallax.ui.energy.EnergyFigure;
import dev.parallax.ui.energy.EnergyService;
import dev.parallax.ui.regression.ChangePointList;
import dev.parallax.ui.regression.ChangePoints;
import dev.parallax.ui.regression.RunChange;
import dev.parallax.ui.security.CurrentUser;
import dev.parallax.ui.throttle.Episode;
import dev.parallax.ui.throttle.ThrottleService;
import dev.parallax.ui.warehouse.Period;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * One test over a chosen range: tail latency (edge and cloud side by side, change points in p50 and p99 marked), the
 * change points at its runs, energy per inference, divergence of its models against tolerance, and the throttle
 * episodes of its devices with the latency inflation they caused.
 */
@Route("tests")
@PageTitle("Test · Parallax")
@PermitAll
public class TestView extends VerticalLayout implements HasUrlParameter<String> {

    private static final Map<String, Duration> RANGES = new LinkedHashMap<>();

    static {
        RANGES.put("Last hour", Duration.ofHours(1));
        RANGES.put("Last 6 hours", Duration.ofHours(6));
        RANGES.put("Last day", Duration.ofDays(1));
        RANGES.put("Last 7 days", Duration.ofDays(7));
    }

    private final LatencyService latency;
    private final EnergyService energy;
    private final DivergenceService divergence;
    private final ThrottleService throttle;
    private final Clock clock;
    private final H2 title = new H2();
    private final Span runs = new Span();
    private final Select<String> range = new Select<>();
    private final HorizontalLayout charts = new HorizontalLayout();
    private final Paragraph empty = new Paragraph();
    private final VerticalLayout keySection = section();
    private final VerticalLayout energySection = section();
    private final VerticalLayout divergenceSection = section();
    private final VerticalLayout throttleSection = section();
    private final ChangePointList changePoints;
    private String testId;

    public TestView(LatencyService latency, EnergyService energy, DivergenceService divergence,
                    ThrottleService throttle, ChangePoints changePoints, CurrentUser user, Clock clock) {
        this.latency = latency;
        this.energy = energy;
        this.divergence = divergence;
        this.throttle = throttle;
        this.changePoints = new ChangePointList(changePoints, user);
        this.clock = clock;
        setWidthFull();
        range.setLabel("Range");
        range.setItems(RANGES.keySet());
        range.setValue("Last day");
        range.addValueChangeListener(e -> render());
        charts.setWidthFull();
        runs.setId("test-runs");
        add(title, runs, range, new H3("Tail latency"), empty, charts, keySection,
                new H3("Change points over runs"), this.changePoints,
                new H3("Energy per inference"), energySection,
                new H3("Quantized vs reference divergence"), divergenceSection,
                new H3("Thermal-throttle episodes"), throttleSection);
    }

    private static VerticalLayout section() {
        VerticalLayout section = new VerticalLayout();
        section.setPadding(false);
        section.setWidthFull();
        return section;
    }

    @Override
    public void setParameter(BeforeEvent event, String testId) {
        this.testId = testId;
        title.setText(testId);
        runs.removeAll();
        runs.add(new Span("Its runs with the gate's verdicts: "), PageLinks.runsOf(testId));
        render();
    }

    private void render() {
        Period period = Period.last(RANGES.get(range.getValue()), clock.instant());
        Instant from = period.from();
        Instant to = period.to();
        List<LatencyPoint> points = latency.series(testId, period);
        List<RunChange> changes = changePoints.show(testId, from, to);
        charts.removeAll();
        empty.setVisible(points.isEmpty());
        empty.setText("No latency windows for " + testId + " in this range. Widen the range, or check that its "
                + "runner is publishing.");
        for (String tier : List.of("EDGE", "CLOUD")) {
            List<LatencyPoint> tierPoints = points.stream().filter(p -> p.tier().equals(tier)).toList();
            if (tierPoints.isEmpty()) {
                continue;
            }
            List<Instant> times = tierPoints.stream().map(LatencyPoint::start).toList();
            TimeSeries chart = new TimeSeries(tier + " tail latency", "ms")
                    .line("p50", times, tierPoints.stream().map(LatencyPoint::p50Ms).toList())
                    .line("p95", times, tierPoints.stream().map(LatencyPoint::p95Ms).toList())
                    .line("p99", times, tierPoints.stream().map(LatencyPoint::p99Ms).toList())
                    .line("p99.9", times, tierPoints.stream().map(LatencyPoint::p999Ms).toList());
            List<RunChange> latencyChanges = changes.stream().filter(c -> c.key().tier().equals(tier)
                    && (c.metric() == RunMetric.P50_LATENCY_MS || c.metric() == RunMetric.P99_LATENCY_MS)).toList();
            if (!latencyChanges.isEmpty()) {
                chart.markers("change points", latencyChanges.stream().map(RunChange::runStart).toList(),
                        latencyChanges.stream().map(c -> String.format(Locale.ROOT, "%s %+.0f %% (p=%.1g)",
                                c.metric().label(), 100 * c.relativeChange(), c.pValue())).toList());
            }
            EChart echart = new EChart();
            echart.setId("latency-" + tier.toLowerCase(Locale.ROOT));
            echart.setOption(chart.option());
            charts.add(echart);
        }
        List<KeyFigures> keys = latency.keys(testId, period);
        keySection.removeAll();
        if (!keys.isEmpty()) {
            keySection.add(keyGrid(keys));
        }
        show(energySection, energy.figures(testId, period), "No inference in this range reported power_w and "
                + "idle_power_w. Runners that sample the device's power (and its idle baseline) get energy per "
                + "inference here.", TestView::energyGrid);
        show(divergenceSection, divergence.series(testId, from, to), "No matched reference/candidate pairs for this "
                + "test's models in this range. Divergence needs outputs and an input_id on both an FP32 (or FP16) "
                + "reference and a quantized candidate.", TestView::divergenceCharts);
        show(throttleSection, throttle.forTest(testId, from, to), "No throttle episode on the devices this test ran "
                + "on in this range: its latencies are not inflated by heat.", TestView::throttleTimeline);
    }

    /** A section shows what {@code view} makes of its rows, or why it has none. */
    private static <T> void show(VerticalLayout section, List<T> rows, String none,
                                 Function<List<T>, List<Component>> view) {
        section.removeAll();
        section.add(rows.isEmpty() ? List.of(new Paragraph(none)) : view.apply(rows));
    }

    /**
     * Each latency key's figures over the range, with its events that came too late to count in them (SPEC §3a):
     * a figure that is not 0 says the charts miss that many of the key's events.
     */
    private static Grid<KeyFigures> keyGrid(List<KeyFigures> keys) {
        Grid<KeyFigures> grid = new Grid<>(KeyFigures.class, false);
        grid.setId("latency-keys");
        grid.addColumn(KeyFigures::modelName).setHeader("Model");
        grid.addColumn(KeyFigures::modelVersion).setHeader("Version");
        grid.addColumn(KeyFigures::precision).setHeader("Precision");
        grid.addColumn(KeyFigures::tier).setHeader("Tier");
        grid.addColumn(KeyFigures::deviceClass).setHeader("Device class");
        grid.addColumn(k -> Figures.count(k.inferences())).setHeader("Inferences");
        grid.addColumn(k -> Figures.count(k.errors())).setHeader("Errors");
        grid.addColumn(k -> Figures.ms(k.p50Ms())).setHeader("p50");
        grid.addColumn(k -> Figures.ms(k.p99Ms())).setHeader("p99");
        grid.addColumn(k -> Figures.count(k.tooLate())).setHeader(LatencyService.TOO_LATE);
        // Sized to their content: the long last header stays readable, the short figures stay narrow.
        grid.getColumns().forEach(c -> c.setAutoWidth(true));
        grid.setItems(keys);
        grid.setAllRowsVisible(true);
        return grid;
    }

    private static List<Component> energyGrid(List<EnergyFigure> figures) {
        Grid<EnergyFigure> grid = new Grid<>(EnergyFigure.class, false);
        grid.setId("energy");
        grid.addColumn(EnergyFigure::modelName).setHeader("Model");
        grid.addColumn(EnergyFigure::precision).setHeader("Precision");
        grid.addColumn(EnergyFigure::deviceClass).setHeader("Device class");
        grid.addColumn(f -> Figures.count(f.estimate().inferences())).setHeader(EnergyFigure.COUNTED);
        grid.addColumn(f -> Figures.joules(f.estimate().meanJoules())).setHeader("Mean");
        grid.addColumn(f -> EnergyFigure.interval(f.estimate())).setHeader("95 % CI");
        grid.addColumn(f -> Figures.number(f.estimate().meanMilliwattHours(), " mWh")).setHeader("Mean (battery)");
        grid.getColumns().forEach(c -> c.setAutoWidth(true)); // the count's header is long, its figures short
        grid.setItems(figures);
        grid.setAllRowsVisible(true);
        return List.of(grid);
    }

    private static List<Component> divergenceCharts(List<DivergencePoint> points) {
        DriftTolerance tolerance = DriftTolerance.defaults();
        Map<String, List<DivergencePoint>> bySeries = points.stream()
                .collect(Collectors.groupingBy(DivergencePoint::series, TreeMap::new, Collectors.toList()));
        record Metric(String id, String title, String unit, ToDoubleFunction<DivergencePoint> value, double limit) {
        }
        HorizontalLayout row = new HorizontalLayout();
        row.setWidthFull();
        row.setWrap(true);
        for (Metric m : List.of(
                new Metric("flip", "Flip rate", "", DivergencePoint::flipRate, tolerance.maxFlipRate()),
                new Metric("kl", "KL divergence (mean)", "nats", DivergencePoint::klMean, Double.NaN),
                new Metric("sqnr", "SQNR (mean)", "dB", DivergencePoint::sqnrMeanDb, tolerance.minMeanSqnrDb()),
                new Metric("cosine", "Cosine similarity (mean)", "", DivergencePoint::cosineMean,
                        tolerance.minMeanCosine()))) {
            TimeSeries chart = new TimeSeries(m.title(), m.unit());
            bySeries.forEach((name, series) -> chart.line(name, series.stream().map(DivergencePoint::start).toList(),
                    series.stream().map(p -> m.value().applyAsDouble(p)).toList()));
            if (!Double.isNaN(m.limit())) {
                chart.limit("tolerance", m.limit());
            }
            EChart echart = new EChart();
            echart.setId("divergence-" + m.id());
            echart.setWidth("48%");
            echart.setOption(chart.option());
            row.add(echart);
        }
        return List.of(row);
    }

    private static List<Component> throttleTimeline(List<Episode> episodes) {
        TimeSeries timeline = new TimeSeries("Episodes by start: latency inflation (× the 5 minutes before)", "×");
        episodes.stream().collect(Collectors.groupingBy(Episode::deviceId, TreeMap::new, Collectors.toList()))
                .forEach((device, list) -> timeline.points(device, list.stream().map(Episode::start).toList(),
                        list.stream().map(Episode::latencyInflation).toList()));
        timeline.limit("no inflation", 1);
        EChart chart = new EChart();
        chart.setId("throttle-timeline");
        chart.setOption(timeline.option());
        Grid<Episode> grid = new Grid<>(Episode.class, false);
        grid.setId("throttle-episodes");
        grid.addComponentColumn(e -> PageLinks.device(e.deviceId())).setHeader("Device");
        grid.addColumn(e -> AlertsView.TIME.format(e.start())).setHeader("Start");
        grid.addColumn(e -> e.open() ? "open" : e.duration().toSeconds() + " s").setHeader("Duration");
        grid.addColumn(e -> Figures.celsius(e.peakTempC())).setHeader("Peak");
        grid.addColumn(e -> Figures.count(e.inferences())).setHeader("Inferences");
        grid.addColumn(e -> Double.isNaN(e.latencyInflation()) ? "no baseline" : Figures.times(e.latencyInflation()))
                .setHeader("Latency inflation");
        grid.setItems(episodes);
        grid.setAllRowsVisible(true);
        return List.of(chart, grid);
    }
}
