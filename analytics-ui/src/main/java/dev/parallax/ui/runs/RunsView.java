package dev.parallax.ui.runs;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import dev.parallax.analytics.Figures;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.ui.TierFilter;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every run with the CI gate's verdict, newest first: searchable, filtered by test, device and tier (the test and
 * device also from the address, {@code runs?test=…&device=…}), sortable, read a page at a time.
 */
@Route(RunsView.ROUTE)
@PageTitle("Runs · Parallax")
@PermitAll
public class RunsView extends VerticalLayout implements BeforeEnterObserver {

    public static final String ROUTE = "runs";
    public static final String TEST = "test";
    public static final String DEVICE = "device";
    private static final Map<String, Duration> RANGES = new LinkedHashMap<>();

    static {
        RANGES.put("Last day", Duration.ofDays(1));
        RANGES.put("Last 7 days", Duration.ofDays(7));
        RANGES.put("Last 30 days", Duration.ofDays(30));
    }

    private final Clock clock;
    private final Select<String> range = new Select<>();
    private final TextField search = new TextField("Search");
    private final TextField test = new TextField("Test");
    private final TextField device = new TextField("Device");
    private final TierFilter tier = new TierFilter("run-tier");
    private final Span total = new Span();
    private final RunGrid grid;

    public RunsView(RunsService runs, Clock clock) {
        this.clock = clock;
        setSizeFull();
        range.setLabel("Range");
        range.setItems(RANGES.keySet());
        range.setValue("Last 7 days");
        search.setId("run-search");
        search.setPlaceholder("run, test, model or device class");
        test.setId("run-test");
        device.setId("run-device");
        for (TextField field : List.of(search, test, device)) {
            field.setClearButtonVisible(true);
            field.setValueChangeMode(ValueChangeMode.LAZY);
            field.addValueChangeListener(e -> refresh());
        }
        range.addValueChangeListener(e -> refresh());
        tier.addValueChangeListener(e -> refresh());
        total.setId("run-total");
        HorizontalLayout filters = new HorizontalLayout(range, search, test, device, tier, total);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);
        grid = new RunGrid(runs, filter());
        grid.setId("runs");
        // The grid counts the filter's rows to size itself: the total is that count, not a second query of it.
        grid.getLazyDataView().addItemCountChangeListener(
                e -> total.setText(Figures.count(e.getItemCount()) + " runs"));
        add(new H2("Runs"), filters, grid.csvExport("runs"), grid);
        expand(grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryParameters query = event.getLocation().getQueryParameters();
        query.getSingleParameter(TEST).ifPresent(test::setValue);
        query.getSingleParameter(DEVICE).ifPresent(device::setValue);
        refresh();
    }

    private RunFilter filter() {
        // Up to and with the minute still running: runs are read from raw events, not from whole-minute windows.
        return RunFilter.of(Period.last(RANGES.get(range.getValue()), clock.instant().plus(Duration.ofMinutes(1))))
                .withSearch(search.getValue()).withTest(test.getValue()).withDevice(device.getValue())
                .withTier(tier.getValue());
    }

    private void refresh() {
        grid.show(filter());
    }
}
