package dev.parallax.ui.runs;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.data.provider.QuerySortOrder;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.function.SerializablePredicate;
import com.vaadin.flow.function.ValueProvider;
import dev.parallax.analytics.Figures;
import dev.parallax.insights.regression.RegressionGate;
import dev.parallax.ui.PageLinks;
import dev.parallax.ui.alerts.AlertsView;
import dev.parallax.ui.runs.RunsService.SortColumn;
import dev.parallax.ui.table.Table;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs with the gate's verdict, read a page at a time as the table scrolls and sorted in the warehouse by any column
 * but the verdict (which is judged per page); the runs page, a run's page and a device's page show runs this way.
 */
public class RunGrid extends Table<RunRow> {

    private final RunsService runs;
    private final Supplier<RegressionGate> gates;
    private RunFilter filter;
    /**
     * The gate's look for what is shown: the pages one display reads (its first round trip asks for more than one,
     * and scrolling for more) share it, so a series on several pages is read and analysed once.
     */
    private RegressionGate look;

    public RunGrid(RunsService runs, RunFilter filter) {
        this(runs, filter, runs::gate);
    }

    /** Runs judged by a gate from {@code gates}, one per filter shown (a page showing its checks passes its own). */
    public RunGrid(RunsService runs, RunFilter filter, Supplier<RegressionGate> gates) {
        super(RunRow.class);
        this.runs = runs;
        this.gates = gates;
        this.filter = filter;
        this.look = gates.get();
        setPageSize(50);
        setMultiSort(true);
        addLinkColumn(RunRow::runId, r -> PageLinks.runAddress(r.runId())).setHeader("Run")
                .setSortProperty(SortColumn.RUN.name()).setAutoWidth(true);
        addLinkColumn(r -> r.key().testId(), r -> PageLinks.testAddress(r.key().testId())).setHeader("Test")
                .setSortProperty(SortColumn.TEST.name()).setAutoWidth(true);
        addColumn(r -> r.key().model() + " " + r.key().precision()).setHeader("Model")
                .setSortProperty(SortColumn.MODEL.name(), SortColumn.PRECISION.name()).setAutoWidth(true);
        addColumn(r -> r.key().tier()).setHeader("Tier").setSortProperty(SortColumn.TIER.name()).setAutoWidth(true);
        addLinkColumn(RunRow::deviceId, r -> PageLinks.deviceAddress(r.deviceId()), RunGrid::otherDevices,
                r -> r.deviceId() + otherDevices(r)).setHeader("Device").setAutoWidth(true);
        addColumn(r -> r.key().deviceClass()).setHeader("Class").setSortProperty(SortColumn.DEVICE_CLASS.name())
                .setAutoWidth(true);
        addColumn(r -> AlertsView.TIME.format(r.start())).setHeader("First inference")
                .setSortProperty(SortColumn.START.name()).setAutoWidth(true);
        addColumn(r -> AlertsView.TIME.format(r.end())).setHeader("Last inference")
                .setSortProperty(SortColumn.END.name()).setAutoWidth(true);
        addColumn(r -> Figures.count(r.inferences())).setHeader("Inferences")
                .setSortProperty(SortColumn.INFERENCES.name()).setAutoWidth(true);
        addColumn(RunRow::status).setHeader("Status").setSortProperty(SortColumn.ERRORS.name()).setAutoWidth(true);
        addVerdictColumn(this, RunRow::verdict, RunRow::fails).setHeader("Gate").setFlexGrow(2);
        setItems(query -> runs.page(this.filter, order(query.getSortOrders()), query.getOffset(), query.getLimit(),
                look).stream(), query -> runs.count(this.filter));
    }

    /**
     * A link that downloads every row of the filter and sort shown (up to {@link RunsService#EXPORT_LIMIT}) as
     * {@code <name>.csv}, read from the warehouse a chunk at a time.
     */
    public Anchor csvExport(String name) {
        Anchor link = csvLink(name, () -> {
            RunFilter shown = filter;
            List<RunsService.Sort> order = order(getDataCommunicator().getBackEndSorting());
            return row -> runs.export(shown, order, RunsService.EXPORT_LIMIT, row);
        });
        link.getElement().setAttribute("title", "Every row of this filter and sort, at most "
                + Figures.count(RunsService.EXPORT_LIMIT));
        return link;
    }

    /** Shows the runs the filter holds, from the first page. */
    public void show(RunFilter shown) {
        filter = shown;
        look = gates.get();
        getDataProvider().refreshAll();
    }

    /**
     * A column of gate verdicts ({@code text}), red where {@code fails} and marked {@code data-verdict} "fail" or
     * "pass": every table of the gate's verdicts shows them so.
     */
    public static <T> Column<T> addVerdictColumn(Table<T> table, ValueProvider<T, String> text,
                                                 SerializablePredicate<T> fails) {
        return table.addMarkColumn("verdict", text, r -> fails.test(r) ? "fail" : "pass", r -> "color: "
                + (fails.test(r) ? "var(--lumo-error-text-color)" : "var(--lumo-success-text-color)"));
    }

    /** How many more devices the run had than the one linked, e.g. " +3"; empty for one. */
    private static String otherDevices(RunRow row) {
        return row.devices() <= 1 ? "" : " +" + (row.devices() - 1);
    }

    private static List<RunsService.Sort> order(List<QuerySortOrder> sorts) {
        return sorts.stream().map(s -> new RunsService.Sort(SortColumn.valueOf(s.getSorted()),
                s.getDirection() == SortDirection.DESCENDING)).toList();
    }
}
