package dev.parallax.ui.devices;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.QuerySortOrder;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.parallax.analytics.Figures;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.ui.PageLinks;
import dev.parallax.ui.TierFilter;
import dev.parallax.ui.alerts.AlertsView;
import dev.parallax.ui.devices.DeviceListing.SortColumn;
import dev.parallax.ui.overview.OverviewView;
import dev.parallax.ui.table.Table;
import dev.parallax.ui.timerange.Preset;
import dev.parallax.ui.timerange.TimeRangePicker;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.List;

/**
 * Every device heard from in the range (its URL's, as on the other pages), filtered by id, class and tier, sorted
 * in the warehouse by any column and read a page at a time: each links to its page.
 */
@Route(DevicesView.ROUTE)
@PageTitle("Devices · Parallax")
@PermitAll
public class DevicesView extends VerticalLayout implements BeforeEnterObserver {

    public static final String ROUTE = "devices";
    /** The most rows an export holds, as the runs page's: a CSV a spreadsheet still opens. */
    private static final int EXPORT_LIMIT = 100_000;

    private final DeviceListing listing;
    private final TimeRangePicker range;
    private final ComboBox<String> deviceClass = new ComboBox<>("Class");
    private final TierFilter tier = new TierFilter("device-tier");
    private final TextField search = new TextField("Device");
    private final Span total = new Span();
    private final Table<ListedDevice> grid = new Table<>(ListedDevice.class);

    private DeviceFilter filter;
    private FleetCensus census = FleetCensus.NONE;
    private List<String> classesOffered = List.of();

    public DevicesView(DeviceListing listing, Clock clock) {
        this.listing = listing;
        this.range = new TimeRangePicker(clock, Preset.HOURS_24, this::show).withRunningMinute();
        this.filter = DeviceFilter.of(range.period());
        setSizeFull();
        deviceClass.setId("device-class");
        deviceClass.setClearButtonVisible(true);
        deviceClass.setPlaceholder("any");
        deviceClass.addValueChangeListener(e -> {
            if (e.isFromClient()) show(range.period());
        });
        tier.addValueChangeListener(e -> {
            if (e.isFromClient()) show(range.period());
        });
        search.setId("device-search");
        search.setPlaceholder("id contains");
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.addValueChangeListener(e -> show(range.period()));
        total.setId("device-total");
        HorizontalLayout filters = new HorizontalLayout(search, deviceClass, tier, total);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);

        grid.setId("device-list");
        grid.setPageSize(50);
        grid.setMultiSort(true);
        grid.addLinkColumn(ListedDevice::deviceId, d -> PageLinks.deviceAddress(d.deviceId())).setHeader("Device")
                .setSortProperty(SortColumn.DEVICE.name()).setAutoWidth(true);
        grid.addColumn(ListedDevice::deviceClass).setHeader("Class").setSortProperty(SortColumn.DEVICE_CLASS.name())
                .setAutoWidth(true);
        grid.addColumn(ListedDevice::tier).setHeader("Tier").setSortProperty(SortColumn.TIER.name()).setAutoWidth(true);
        grid.addColumn(d -> AlertsView.TIME.format(d.lastSeen())).setHeader("Last seen")
                .setSortProperty(SortColumn.LAST_SEEN.name()).setAutoWidth(true);
        grid.addColumn(d -> Double.isNaN(d.lastTempC()) ? "—" : Figures.celsius(d.lastTempC()))
                .setHeader("Last temperature").setSortProperty(SortColumn.TEMPERATURE.name()).setAutoWidth(true);
        grid.addColumn(d -> Figures.count(d.episodes())).setHeader("Throttle episodes")
                .setSortProperty(SortColumn.EPISODES.name()).setAutoWidth(true);
        grid.addColumn(d -> Figures.percent(d.throttledShare())).setHeader("Time throttled")
                .setSortProperty(SortColumn.THROTTLED.name()).setAutoWidth(true);
        grid.addColumn(d -> Figures.count(d.inferences())).setHeader("Inferences")
                .setSortProperty(SortColumn.INFERENCES.name()).setAutoWidth(true);
        // Measured now, over what the broker received of it in the last 10 minutes, whatever the range.
        grid.addColumn(d -> OverviewView.clockOffset(d.clockOffset())).setHeader("Clock offset (now)")
                .setSortProperty(SortColumn.CLOCK_OFFSET.name()).setAutoWidth(true);
        grid.setItems(query -> listing.page(filter, order(query.getSortOrders()), query.getOffset(), query.getLimit())
                .stream(), query -> census.count(filter).orElseGet(() -> listing.count(filter)));
        // The grid counts the filter's rows to size itself: the total is that count, not a second query of it.
        grid.getLazyDataView().addItemCountChangeListener(
                e -> total.setText(Figures.count(e.getItemCount()) + " devices"));
        // Every row of the filter and sort shown, read when downloaded (a fleet's devices fit one read).
        Anchor export = grid.csvLink("device-list", () -> {
            DeviceFilter shown = filter;
            List<DeviceListing.Sort> order = order(grid.getDataCommunicator().getBackEndSorting());
            return row -> listing.page(shown, order, 0, EXPORT_LIMIT).forEach(row);
        });
        add(new H2("Devices"), range, filters, export, grid);
        expand(grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        range.read(event.getLocation());
    }

    /** The devices of the period as the filters narrow them, from the first page. */
    private void show(Period period) {
        // One read of the period's devices per class and tier: the classes offered, and the count of the list
        // unless it searches ids.
        census = listing.census(period);
        List<String> classes = census.classes();
        if (!classes.equals(classesOffered)) {
            String chosen = deviceClass.getValue();
            classesOffered = classes;
            deviceClass.setItems(classes);
            // Kept when the new range has it: setting the items clears the value.
            deviceClass.setValue(classes.contains(chosen) ? chosen : null);
        }
        filter = DeviceFilter.of(period).withClass(deviceClass.getValue()).withTier(tier.getValue())
                .withSearch(search.getValue());
        grid.getDataProvider().refreshAll();
    }

    private static List<DeviceListing.Sort> order(List<QuerySortOrder> sorts) {
        return sorts.stream().map(s -> new DeviceListing.Sort(SortColumn.valueOf(s.getSorted()),
                s.getDirection() == SortDirection.DESCENDING)).toList();
    }
}
