package dev.parallax.ui.overview;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.parallax.analytics.Figures;
import dev.parallax.analytics.alert.ClockOffsetRule;
import dev.parallax.ui.tests.TestView;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

@Route("")
@PageTitle("Overview · Parallax")
@PermitAll
public class OverviewView extends VerticalLayout {

    public OverviewView(OverviewService overview) {
        setWidthFull();

        List<FleetDevice> devices = overview.devices();
        add(new H3("Fleet health (" + devices.size() + " devices)"));
        if (devices.isEmpty()) {
            add(new Paragraph("No device has reported in the last day. Start a test runner or the simulated fleet "
                    + "(./parallax up) and devices appear here."));
        } else {
            Grid<FleetDevice> grid = new Grid<>(FleetDevice.class, false);
            grid.setId("devices");
            grid.addColumn(FleetDevice::deviceId).setHeader("Device");
            grid.addColumn(FleetDevice::deviceClass).setHeader("Class");
            grid.addColumn(FleetDevice::tier).setHeader("Tier");
            grid.addColumn(d -> ago(d.lastSeen())).setHeader("Last seen");
            grid.addColumn(d -> d.throttlingNow() ? "THROTTLING" : "ok").setHeader("Throttling now");
            // Event time minus the broker's receive time, over the device's events of the last 10 minutes.
            grid.addColumn(d -> clockOffset(d.clockOffset())).setHeader("Clock offset");
            grid.setItems(devices);
            grid.setAllRowsVisible(true);
            add(grid);
        }

        List<OpenAlert> alerts = overview.openAlerts();
        add(new H3("Open alerts (" + alerts.size() + ")"));
        if (alerts.isEmpty()) {
            add(new Paragraph("No open alerts: every rule holds."));
        } else {
            Grid<OpenAlert> grid = new Grid<>(OpenAlert.class, false);
            grid.setId("open-alerts");
            grid.addColumn(OpenAlert::severity).setHeader("Severity").setAutoWidth(true);
            grid.addColumn(OpenAlert::message).setHeader("Alert").setFlexGrow(3);
            grid.addColumn(OpenAlert::state).setHeader("State").setAutoWidth(true);
            grid.addColumn(a -> ago(a.raisedAt())).setHeader("Raised").setAutoWidth(true);
            grid.setItems(alerts);
            grid.setAllRowsVisible(true);
            add(grid);
        }

        List<TestSummary> tests = overview.tests();
        add(new H3("Tests (" + tests.size() + ")"));
        if (tests.isEmpty()) {
            add(new Paragraph("No latency windows in the last day yet: tests appear a minute after their first "
                    + "inferences."));
        } else {
            Grid<TestSummary> grid = new Grid<>(TestSummary.class, false);
            grid.setId("tests");
            grid.addComponentColumn(t -> new RouterLink(t.testId(), TestView.class, t.testId())).setHeader("Test");
            grid.addColumn(TestSummary::currentTier).setHeader("Current tier");
            grid.addColumn(t -> Figures.count(t.inferences())).setHeader("Inferences (24 h)");
            grid.addColumn(TestSummary::recommendedTier).setHeader("Recommended");
            grid.addColumn(TestSummary::reason).setHeader("Why").setFlexGrow(3);
            grid.setItems(tests);
            grid.setAllRowsVisible(true);
            add(grid);
        }
    }

    /**
     * A device's clock offset for people: {@code ok} under a second, else signed and sized ({@code +10.0 min},
     * {@code −3 s}, {@code −2.5 h}); {@code —} when not measured (nothing received in the last 10 minutes).
     */
    static String clockOffset(Duration offset) {
        if (offset == null) {
            return "—";
        }
        if (offset.abs().compareTo(Duration.ofSeconds(1)) < 0) {
            return "ok";
        }
        return (offset.isNegative() ? "−" : "+") + ClockOffsetRule.magnitude(offset);
    }

    static String ago(Instant at) {
        if (at == null) {
            return "never";
        }
        Duration d = Duration.between(at, Instant.now());
        if (d.toMinutes() < 1) {
            return d.toSeconds() + " s ago";
        }
        return d.toHours() < 1 ? d.toMinutes() + " min ago" : d.toHours() + " h ago";
    }
}
