package dev.parallax.ui.overview;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.dataview.GridListDataView;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.parallax.analytics.Figures;
import dev.parallax.analytics.alert.ClockOffsetRule;
import dev.parallax.insights.alerts.OpenAlert;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.ui.PageLinks;
import dev.parallax.ui.alerts.AlertsView;
import dev.parallax.ui.devices.DevicesView;
import dev.parallax.ui.table.Table;
import dev.parallax.ui.timerange.Preset;
import dev.parallax.ui.timerange.TimeRangePicker;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

@Route("")
@PageTitle("Overview · Parallax")
@PermitAll
public class OverviewView extends VerticalLayout implements BeforeEnterObserver {

    /** Long tables scroll inside this height, so the alerts and tests above the fleet stay in view. */
    static final String TABLE_HEIGHT = "420px";

    private final OverviewService overview;
    private final TimeRangePicker range;
    private final VerticalLayout content = new VerticalLayout();

    public OverviewView(OverviewService overview, Clock clock) {
        this.overview = overview;
        this.range = new TimeRangePicker(clock, Preset.HOURS_24, this::show);
        setWidthFull();
        content.setPadding(false);
        content.setWidthFull();
        add(range, content);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        range.read(event.getLocation());
    }

    /** The page for a period: open alerts and the fleet as they are now, the tests' inferences in the period. */
    private void show(Period period) {
        content.removeAll();
        OverviewService.Overview now = overview.overview(period);
        // What needs a person first: open alerts, then the tests, then the fleet (which may be hundreds of rows).
        List<OpenAlert> alerts = now.alerts();
        content.add(new H3("Open alerts (" + alerts.size() + ")"));
        if (alerts.isEmpty()) {
            content.add(new Paragraph("No open alerts: every rule holds."));
        } else {
            Table<OpenAlert> grid = new Table<>(OpenAlert.class);
            grid.setId("open-alerts");
            AlertsView.addSeverityColumn(grid, OpenAlert::severity).setHeader("Severity").setAutoWidth(true)
                    .setComparator(OpenAlert::severity);
            grid.addColumn(OpenAlert::message).setHeader("Alert").setFlexGrow(3);
            grid.addRenderedColumn(PageLinks.aboutEach(OpenAlert::subject), OpenAlert::subject).setHeader("About")
                    .setAutoWidth(true);
            grid.addColumn(OpenAlert::state).setHeader("State").setAutoWidth(true).setSortable(true);
            grid.addColumn(a -> ago(a.raisedAt())).setHeader("Raised").setAutoWidth(true)
                    .setComparator(OpenAlert::raisedAt);
            grid.setItems(alerts);
            fitOrScroll(grid, alerts.size());
            content.add(grid.csvLink("open-alerts"), grid);
        }

        List<TestSummary> tests = now.tests();
        content.add(new H3("Tests (" + tests.size() + ")"));
        if (tests.isEmpty()) {
            content.add(new Paragraph("No latency windows in this range: tests appear a minute after their first "
                    + "inferences."));
        } else {
            Table<TestSummary> grid = new Table<>(TestSummary.class);
            grid.setId("tests");
            grid.addLinkColumn(TestSummary::testId, t -> PageLinks.testAddress(t.testId())).setHeader("Test")
                    .setComparator(TestSummary::testId);
            grid.addColumn(TestSummary::currentTier).setHeader("Current tier").setSortable(true);
            grid.addColumn(t -> Figures.count(t.inferences())).setHeader("Inferences")
                    .setComparator(TestSummary::inferences);
            grid.addColumn(TestSummary::recommendedTier).setHeader("Recommended").setSortable(true);
            grid.addColumn(TestSummary::reason).setHeader("Why").setFlexGrow(3);
            grid.setItems(tests);
            fitOrScroll(grid, tests.size());
            content.add(grid.csvLink("tests"), grid);
        }

        List<FleetDevice> devices = now.devices();
        content.add(new H3("Fleet health (" + devices.size() + " devices)"));
        RouterLink all = new RouterLink("Every device with its throttling, temperature and inferences over a range",
                DevicesView.class);
        all.setId("all-devices");
        content.add(all);
        if (devices.isEmpty()) {
            content.add(new Paragraph("No device has reported in the last day. Start a test runner or the simulated fleet "
                    + "(./parallax up) and devices appear here."));
        } else {
            Table<FleetDevice> grid = new Table<>(FleetDevice.class);
            grid.setId("devices");
            grid.addLinkColumn(FleetDevice::deviceId, d -> PageLinks.deviceAddress(d.deviceId())).setHeader("Device")
                    .setComparator(FleetDevice::deviceId);
            grid.addColumn(FleetDevice::deviceClass).setHeader("Class").setSortable(true);
            grid.addColumn(FleetDevice::tier).setHeader("Tier").setSortable(true);
            grid.addColumn(d -> ago(d.lastSeen())).setHeader("Last seen").setComparator(
                    Comparator.comparing(FleetDevice::lastSeen, Comparator.nullsFirst(Comparator.naturalOrder())));
            grid.addColumn(d -> d.throttlingNow() ? "THROTTLING" : "ok").setHeader("Throttling now").setSortable(true);
            // Event time minus the broker's receive time, over the device's events of the last 10 minutes.
            grid.addColumn(d -> clockOffset(d.clockOffset())).setHeader("Clock offset")
                    .setComparator(d -> d.clockOffset() == null ? 0 : Math.abs(d.clockOffset().toMillis()));
            GridListDataView<FleetDevice> rows = grid.setItems(devices);
            TextField search = new TextField();
            search.setId("device-search");
            search.setPlaceholder("Search devices by id, class or tier");
            search.setClearButtonVisible(true);
            search.setValueChangeMode(ValueChangeMode.LAZY);
            search.setWidth("24rem");
            search.addValueChangeListener(e -> rows.setFilter(d -> d.matches(e.getValue())));
            fitOrScroll(grid, devices.size());
            content.add(search, grid.csvLink("devices"), grid);
        }
    }

    /** Short tables show every row; longer ones scroll inside {@link #TABLE_HEIGHT}. */
    private static void fitOrScroll(Grid<?> grid, int rows) {
        if (rows <= 10) {
            grid.setAllRowsVisible(true);
        } else {
            grid.setHeight(TABLE_HEIGHT);
        }
    }

    /**
     * A device's clock offset for people: {@code ok} under a second, else signed and sized ({@code +10.0 min},
     * {@code −3 s}, {@code −2.5 h}); {@code —} when not measured (nothing received in the last 10 minutes).
     */
    public static String clockOffset(Duration offset) {
        if (offset == null) {
            return "—";
        }
        if (offset.abs().compareTo(Duration.ofSeconds(1)) < 0) {
            return "ok";
        }
        return (offset.isNegative() ? "−" : "+") + ClockOffsetRule.magnitude(offset);
    }

    public static String ago(Instant at) {
        if (at == null) {
            return "never";
        }
        Duration d = Duration.between(at, Instant.now());
        if (d.isNegative()) {
            return "just now"; // its clock runs ahead: the clock offset column says by how much
        }
        if (d.toMinutes() < 1) {
            return d.toSeconds() + " s ago";
        }
        return d.toHours() < 1 ? d.toMinutes() + " min ago" : d.toHours() + " h ago";
    }
}
