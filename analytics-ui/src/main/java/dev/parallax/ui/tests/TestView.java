package dev.parallax.ui.tests;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.parallax.ui.chart.EChart;
import dev.parallax.ui.chart.TimeSeries;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One test: tail latency over a chosen range, edge and cloud side by side. */
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
    private final Clock clock;
    private final H2 title = new H2();
    private final Select<String> range = new Select<>();
    private final HorizontalLayout charts = new HorizontalLayout();
    private final Paragraph empty = new Paragraph();
    private String testId;

    public TestView(LatencyService latency, Clock clock) {
        this.latency = latency;
        this.clock = clock;
        setWidthFull();
        range.setLabel("Range");
        range.setItems(RANGES.keySet());
        range.setValue("Last day");
        range.addValueChangeListener(e -> render());
        charts.setWidthFull();
        add(title, range, empty, charts);
    }

    @Override
    public void setParameter(BeforeEvent event, String testId) {
        this.testId = testId;
        title.setText(testId);
        render();
    }

    private void render() {
        Instant to = clock.instant();
        Instant from = to.minus(RANGES.get(range.getValue()));
        List<LatencyPoint> points = latency.series(testId, from, to);
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
            EChart echart = new EChart();
            echart.setId("latency-" + tier.toLowerCase(java.util.Locale.ROOT));
            echart.setOption(chart.option());
            charts.add(echart);
        }
    }
}
