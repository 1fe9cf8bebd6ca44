package dev.parallax.ui.tests;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.parallax.analytics.Figures;
import dev.parallax.analytics.confidence.Percentile;
import dev.parallax.analytics.divergence.DriftTolerance;
import dev.parallax.analytics.regression.RunMetric;
import dev.parallax.insights.divergence.DivergencePoint;
import dev.parallax.insights.divergence.DivergenceService;
import dev.parallax.insights.energy.EnergyFigure;
import dev.parallax.insights.energy.EnergyService;
import dev.parallax.insights.generation.GenerationFigure;
import dev.parallax.insights.generation.GenerationService;
import dev.parallax.insights.latency.KeyFigures;
import dev.parallax.insights.latency.LatencyPoint;
import dev.parallax.insights.latency.LatencyService;
import dev.parallax.insights.regression.ChangePoints;
import dev.parallax.insights.regression.RunChange;
import dev.parallax.insights.throttle.Episode;
import dev.parallax.insights.throttle.ThrottleService;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.SideBySideReads;
import dev.parallax.ui.PageLinks;
import dev.parallax.ui.alerts.AlertsView;
import dev.parallax.ui.chart.EChart;
import dev.parallax.ui.chart.TimeSeries;
import dev.parallax.ui.regression.ChangePointList;
import dev.parallax.ui.security.CurrentUser;
import dev.parallax.ui.table.Table;
import dev.parallax.ui.timerange.Preset;
import dev.parallax.ui.timerange.TimeRangePicker;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * One test over a chosen range: tail latency (edge and cloud on one chart, change points in p50 and p99 marked), the
 * change points at its runs, energy per inference, divergence of its models against tolerance, and the throttle
 * episodes of its devices with the latency inflation they caused.
 */
@Route("tests")
@PageTitle("Test · Parallax")
@PermitAll
public class TestView extends VerticalLayout implements HasUrlParameter<String> {

    private final LatencyService latency;
    private final GenerationService generation;
    private final EnergyService energy;
    private final DivergenceService divergence;
    private final ThrottleService throttle;
    private final H2 title = new H2();
    private final Span runs = new Span();
    private final TimeRangePicker range;
    private final HorizontalLayout charts = new HorizontalLayout();
    private final Paragraph empty = new Paragraph();
    private final VerticalLayout keySection = section();
    private final H3 generationHeading = new H3("LLM generation, edge vs cloud");
    private final VerticalLayout generationSection = section();
    private final VerticalLayout energySection = section();
    private final VerticalLayout divergenceSection = section();
    private final VerticalLayout throttleSection = section();
    private final ChangePointList changePoints;
    private final SideBySideReads reads;
    private String testId;

    public TestView(LatencyService latency, GenerationService generation, EnergyService energy,
                    DivergenceService divergence, ThrottleService throttle, ChangePoints changePoints, CurrentUser user,
                    Clock clock, SideBySideReads reads) {
        this.reads = reads;
        this.latency = latency;
        this.generation = generation;
        this.energy = energy;
        this.divergence = divergence;
        this.throttle = throttle;
        this.changePoints = new ChangePointList(changePoints, user);
        this.range = new TimeRangePicker(clock, Preset.HOURS_24, this::render);
        setWidthFull();
        charts.setWidthFull();
        runs.setId("test-runs");
        add(title, runs, range, new H3("Tail latency"), empty, charts, keySection, generationHeading, generationSection,
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
        if (!latency.known(testId)) {
            event.rerouteToError(NotFoundException.class, "No test named " + testId + " has reported an inference.");
            return;
        }
        show(testId, event.getLocation());
    }

    /** The page of a known test over the range {@code location} asks for (what navigating to it shows). */
    public void show(String testId, Location location) {
        this.testId = testId;
        title.setText(testId);
        runs.removeAll();
        runs.add(new Span("Its runs with the gate's verdicts: "), PageLinks.runsOf(testId));
        range.read(location);
    }

    private void render(Period period) {
        Instant from = period.from();
        Instant to = period.to();
        // Read side by side: the page waits for its slowest read, not their sum.
        String test = testId;
        SideBySideReads.Read<LatencyService.TestLatency> tailsRead = reads.start(() -> latency.latency(test, period));
        SideBySideReads.Read<List<RunChange>> changesRead = reads.start(() -> changePoints.read(test, from, to));
        SideBySideReads.Read<List<GenerationFigure>> generatedRead = reads.start(() -> generation.figures(test, period));
        SideBySideReads.Read<List<EnergyFigure>> energyRead = reads.start(() -> energy.figures(test, period));
        SideBySideReads.Read<List<DivergencePoint>> divergenceRead = reads.start(() -> divergence.series(test, from, to));
        SideBySideReads.Read<List<Episode>> episodesRead = reads.start(() -> throttle.forTest(test, from, to));
        LatencyService.TestLatency tails = tailsRead.get();
        List<LatencyPoint> points = tails.series();
        List<RunChange> changes = changePoints.show(testId, from, to, changesRead.get());
        charts.removeAll();
        empty.setVisible(points.isEmpty());
        empty.setText("No latency windows for " + testId + " in this range. Widen the range, or check that its "
                + "runner is publishing.");
        if (!points.isEmpty()) {
            charts.add(drilled(latencyChart(points, changes, period)));
        }
        List<KeyFigures> keys = tails.keys();
        keySection.removeAll();
        if (!keys.isEmpty()) {
            Table<KeyFigures> grid = keyGrid(keys);
            keySection.add(grid.csvLink("latency-keys"), grid);
        }
        // Only an LLM test's events carry these: other tests show no such section at all.
        List<GenerationFigure> generated = generatedRead.get();
        generationHeading.setVisible(!generated.isEmpty());
        generationSection.setVisible(!generated.isEmpty());
        show(generationSection, generated, "", TestView::generationGrid);
        show(energySection, energyRead.get(), "No inference in this range reported power_w and "
                + "idle_power_w. Runners that sample the device's power (and its idle baseline) get energy per "
                + "inference here.", TestView::energyGrid);
        show(divergenceSection, divergenceRead.get(), "No matched reference/candidate pairs for this "
                + "test's models in this range. Divergence needs outputs and an input_id on both an FP32 (or FP16) "
                + "reference and a quantized candidate.", rows -> drilled(divergenceCharts(rows, period, changes)));
        show(throttleSection, episodesRead.get(), "No throttle episode on the devices this test ran "
                + "on in this range: its latencies are not inflated by heat.", TestView::throttleTimeline);
    }

    /**
     * Edge and cloud on one chart, each percentile's tooltip with its interval; p95 and p99.9 listed in the legend but
     * drawn only when picked, so that four lines, not eight, meet the eye. Change points in p50 and p99 are marked.
     */
    private static EChart latencyChart(List<LatencyPoint> points, List<RunChange> changes, Period period) {
        record Tail(String name, Function<LatencyPoint, Percentile> of, boolean shown) {
        }
        TimeSeries chart = new TimeSeries("Tail latency, edge vs cloud", "ms").between(period.from(), period.to());
        for (String tier : List.of("EDGE", "CLOUD")) {
            List<LatencyPoint> tierPoints = points.stream().filter(p -> p.tier().equals(tier)).toList();
            if (tierPoints.isEmpty()) {
                continue;
            }
            List<Instant> times = tierPoints.stream().map(LatencyPoint::start).toList();
            for (Tail tail : List.of(new Tail("p50", LatencyPoint::p50, true), new Tail("p95", LatencyPoint::p95, false),
                    new Tail("p99", LatencyPoint::p99, true), new Tail("p99.9", LatencyPoint::p999, false))) {
                List<Percentile> values = tierPoints.stream().map(tail.of()).toList();
                String name = tier + " " + tail.name();
                chart.line(name, times, values.stream().map(Percentile::value).toList(),
                        values.stream().map(p -> Figures.tail(p, " ms")).toList());
                if (!tail.shown()) {
                    chart.hidden(name);
                }
            }
        }
        markChanges(chart, changes, Set.of(RunMetric.P50_LATENCY_MS, RunMetric.P99_LATENCY_MS));
        EChart echart = new EChart();
        echart.setId("latency");
        echart.setOption(chart.option());
        return echart;
    }

    /** Dotted lines at the runs where one of {@code metrics} changed, each with its change and p-value. */
    private static void markChanges(TimeSeries chart, List<RunChange> changes, Set<RunMetric> metrics) {
        List<RunChange> shown = changes.stream().filter(c -> metrics.contains(c.metric())).toList();
        if (!shown.isEmpty()) {
            chart.markers("change points", shown.stream().map(RunChange::runStart).toList(),
                    shown.stream().map(c -> c.key().tier() + " " + c.metric().label() + " "
                            + Figures.signedPercent(c.relativeChange()) + " (p = " + Figures.number(c.pValue()) + ")")
                            .toList());
        }
    }

    /** The chart with a drill-down into the page's range: a brushed range or a clicked point opens it. */
    private EChart drilled(EChart chart) {
        range.follow(chart);
        return chart;
    }

    private List<Component> drilled(List<Component> components) {
        components.stream().filter(EChart.class::isInstance).forEach(c -> range.follow((EChart) c));
        return components;
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
    private static Table<KeyFigures> keyGrid(List<KeyFigures> keys) {
        Table<KeyFigures> grid = new Table<>(KeyFigures.class);
        grid.setId("latency-keys");
        grid.addColumn(KeyFigures::modelName).setHeader("Model");
        grid.addColumn(KeyFigures::modelVersion).setHeader("Version");
        grid.addColumn(KeyFigures::precision).setHeader("Precision");
        grid.addColumn(KeyFigures::tier).setHeader("Tier");
        grid.addColumn(KeyFigures::deviceClass).setHeader("Device class");
        grid.addColumn(k -> Figures.count(k.inferences())).setHeader("Inferences");
        grid.addColumn(k -> Figures.count(k.errors())).setHeader("Errors");
        grid.addColumn(k -> Figures.tail(k.p50(), " ms")).setHeader("p50");
        grid.addColumn(k -> Figures.tail(k.p99(), " ms")).setHeader("p99");
        grid.addColumn(k -> Figures.count(k.tooLate())).setHeader(LatencyService.TOO_LATE);
        // Sized to their content: the long last header stays readable, the short figures stay narrow.
        grid.getColumns().forEach(c -> c.setAutoWidth(true));
        grid.setItems(keys);
        grid.setAllRowsVisible(true);
        return grid;
    }

    private static List<Component> generationGrid(List<GenerationFigure> figures) {
        Table<GenerationFigure> grid = new Table<>(GenerationFigure.class);
        grid.setId("generation");
        GenerationFigure.COLUMNS.forEach(c -> grid.addColumn(c.text()::apply).setHeader(c.header()).setAutoWidth(true));
        grid.setItems(figures);
        grid.setAllRowsVisible(true);
        return List.of(grid.csvLink("generation"), grid);
    }

    private static List<Component> energyGrid(List<EnergyFigure> figures) {
        Table<EnergyFigure> grid = new Table<>(EnergyFigure.class);
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
        return List.of(grid.csvLink("energy"), grid);
    }

    private static List<Component> divergenceCharts(List<DivergencePoint> points, Period period,
                                                    List<RunChange> changes) {
        DriftTolerance tolerance = DriftTolerance.defaults();
        Map<String, List<DivergencePoint>> bySeries = points.stream()
                .collect(Collectors.groupingBy(DivergencePoint::series, TreeMap::new, Collectors.toList()));
        // Each metric's y-axis: the smallest span worth seeing and the range the metric can take.
        record Metric(String id, String title, String unit, ToDoubleFunction<DivergencePoint> value, double limit,
                      DoubleFunction<String> label, double minSpan, double floor, double ceiling,
                      Set<RunMetric> changes) {
        }
        HorizontalLayout row = new HorizontalLayout();
        row.setWidthFull();
        row.setWrap(true);
        for (Metric m : List.of(
                new Metric("flip", "Flip rate", "", DivergencePoint::flipRate, tolerance.maxFlipRate(),
                        Figures::percent, 0.01, 0, 1, Set.of(RunMetric.FLIP_RATE)),
                new Metric("kl", "KL divergence (mean)", "nats", DivergencePoint::klMean, Double.NaN,
                        v -> Figures.number(v, " nats"), 0.01, 0, Double.POSITIVE_INFINITY, Set.of()),
                new Metric("sqnr", "SQNR (mean)", "dB", DivergencePoint::sqnrMeanDb, tolerance.minMeanSqnrDb(),
                        Figures::decibels, 5, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                        Set.of(RunMetric.SQNR_DB)),
                new Metric("cosine", "Cosine similarity (mean)", "", DivergencePoint::cosineMean,
                        tolerance.minMeanCosine(), Figures::cosine, 0.01, -1, 1, Set.of()))) {
            TimeSeries chart = new TimeSeries(m.title(), m.unit()).axis(m.minSpan(), m.floor(), m.ceiling())
                    .between(period.from(), period.to());
            bySeries.forEach((name, series) -> {
                List<Double> values = series.stream().map(p -> m.value().applyAsDouble(p)).toList();
                chart.line(name, series.stream().map(DivergencePoint::start).toList(), values,
                        values.stream().map(m.label()::apply).toList());
            });
            if (!Double.isNaN(m.limit())) {
                chart.limit("tolerance", m.limit());
            }
            markChanges(chart, changes, m.changes());
            EChart echart = new EChart();
            echart.setId("divergence-" + m.id());
            echart.setWidth("48%");
            echart.setMinWidth("min(100%, 20rem)"); // two a row on a desk, one a row on a phone
            echart.setOption(chart.option());
            row.add(echart);
        }
        return List.of(row);
    }

    private static List<Component> throttleTimeline(List<Episode> episodes) {
        TimeSeries timeline = new TimeSeries("Episodes by start: latency inflation (× the 5 minutes before)", "×");
        // A series per device class, each point's tooltip naming its device: a series per device was a legend of
        // some 150 names for a week of a test's devices, and the page's costliest chart to draw (35-77 ms of 6).
        episodes.stream().collect(Collectors.groupingBy(Episode::deviceClass, TreeMap::new, Collectors.toList()))
                .forEach((deviceClass, list) -> timeline.points(deviceClass, list.stream().map(Episode::start).toList(),
                        list.stream().map(Episode::latencyInflation).toList(),
                        list.stream().map(e -> e.deviceId() + ": " + inflation(e)).toList()));
        timeline.limit("no inflation", 1);
        EChart chart = new EChart();
        chart.setId("throttle-timeline");
        chart.setOption(timeline.option());
        Table<Episode> grid = new Table<>(Episode.class);
        grid.setId("throttle-episodes");
        grid.addLinkColumn(Episode::deviceId, e -> PageLinks.deviceAddress(e.deviceId())).setHeader("Device");
        grid.addColumn(e -> AlertsView.TIME.format(e.start())).setHeader("Start");
        grid.addColumn(e -> e.open() ? "open" : e.duration().toSeconds() + " s").setHeader("Duration");
        grid.addColumn(e -> Figures.celsius(e.peakTempC())).setHeader("Peak");
        grid.addColumn(e -> Figures.count(e.inferences())).setHeader("Inferences");
        grid.addColumn(TestView::inflation).setHeader("Latency inflation");
        grid.setItems(episodes);
        // A week of the devices a test ran on is hundreds of episodes, each with its device's link.
        grid.showRows(episodes.size());
        return List.of(chart, grid.csvLink("throttle-episodes"), grid);
    }

    private static String inflation(Episode episode) {
        return Double.isNaN(episode.latencyInflation()) ? "no baseline" : Figures.times(episode.latencyInflation());
    }
}
