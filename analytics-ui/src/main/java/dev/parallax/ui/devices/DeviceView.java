package dev.parallax.ui.devices;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.parallax.analytics.Figures;
import dev.parallax.insights.throttle.Episode;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.ui.alerts.AlertsView;
import dev.parallax.ui.chart.EChart;
import dev.parallax.ui.chart.TimeSeries;
import dev.parallax.ui.overview.OverviewView;
import dev.parallax.ui.runs.RunFilter;
import dev.parallax.ui.runs.RunGrid;
import dev.parallax.ui.runs.RunsService;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One device over the last day: last seen, clock offset, temperature, throttle episodes; and its runs of the week. */
@Route("devices/:" + DeviceView.DEVICE_ID)
@PageTitle("Device · Parallax")
@PermitAll
public class DeviceView extends VerticalLayout implements BeforeEnterObserver {

    public static final String DEVICE_ID = "deviceId";
    /** SPEC §4's default throttling threshold, drawn for scale. */
    private static final double T_ON_C = 80;

    private final DeviceService devices;
    private final RunsService runs;
    private final Clock clock;

    public DeviceView(DeviceService devices, RunsService runs, Clock clock) {
        this.devices = devices;
        this.runs = runs;
        this.clock = clock;
        setWidthFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String deviceId = event.getRouteParameters().get(DEVICE_ID).orElse("");
        removeAll();
        add(new H2(deviceId));
        Optional<DeviceHealth> health = devices.health(deviceId);
        if (health.isEmpty()) {
            add(new Paragraph("Nothing of a device " + deviceId + " in the last 7 days."));
            return;
        }
        DeviceHealth d = health.get();
        Paragraph summary = new Paragraph(d.deviceClass() + " · " + d.tier() + " · last seen "
                + OverviewView.ago(d.lastSeen()) + " (" + AlertsView.TIME.format(d.lastSeen()) + ") · clock offset "
                + OverviewView.clockOffset(d.clockOffset()) + (d.throttlingNow() ? " · THROTTLING NOW" : ""));
        summary.setId("device-summary");
        add(summary);

        Instant now = clock.instant();
        Period day = Period.last(Duration.ofDays(1), now.plus(Duration.ofMinutes(1)));
        List<DeviceMinute> minutes = devices.minutes(deviceId, day);
        List<Instant> times = minutes.stream().map(DeviceMinute::minute).toList();
        add(chart("device-temperature", new TimeSeries("Temperature, per minute (last day)", "°C")
                .line("mean", times, minutes.stream().map(DeviceMinute::meanTempC).toList())
                .points("max", times, minutes.stream().map(DeviceMinute::maxTempC).toList())
                .limit("throttles at", T_ON_C)));
        add(chart("device-clock", new TimeSeries("Clock offset: event time − broker receipt, per minute", "s")
                .points("offset", times, minutes.stream().map(m -> m.clockOffset().toMillis() / 1000.0).toList())));

        List<Episode> episodes = devices.episodes(deviceId, day);
        add(new H3("Throttle episodes, last day (" + episodes.size() + ")"));
        Grid<Episode> grid = new Grid<>(Episode.class, false);
        grid.setId("device-episodes");
        grid.addColumn(e -> AlertsView.TIME.format(e.start())).setHeader("Start").setAutoWidth(true);
        grid.addColumn(e -> e.open() ? "open" : AlertsView.TIME.format(e.end())).setHeader("End").setAutoWidth(true);
        grid.addColumn(e -> e.duration().toSeconds() + " s").setHeader("Duration").setAutoWidth(true);
        grid.addColumn(e -> Figures.celsius(e.peakTempC())).setHeader("Peak").setAutoWidth(true);
        grid.addColumn(e -> Figures.count(e.inferences())).setHeader("Inferences affected").setAutoWidth(true);
        grid.addColumn(e -> Double.isNaN(e.latencyInflation()) ? "no baseline" : Figures.times(e.latencyInflation()))
                .setHeader("Latency inflation").setAutoWidth(true);
        grid.setItems(episodes);
        grid.setAllRowsVisible(true);
        add(grid);

        add(new H3("Runs on this device, last 7 days"));
        RunGrid deviceRuns = new RunGrid(runs, RunFilter.of(Period.last(DeviceService.HORIZON,
                now.plus(Duration.ofMinutes(1)))).withDevice(deviceId));
        deviceRuns.setId("device-runs");
        deviceRuns.setHeight("360px");
        add(deviceRuns);
    }

    private static EChart chart(String id, TimeSeries series) {
        EChart chart = new EChart();
        chart.setId(id);
        chart.setOption(series.option());
        return chart;
    }
}
