package dev.parallax.ui.runs;

import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.parallax.analytics.Figures;
import dev.parallax.insights.regression.RegressionCheck;
import dev.parallax.insights.regression.RegressionGate;
import dev.parallax.ui.compare.CompareView;
import dev.parallax.ui.table.Table;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import java.util.Optional;

/**
 * One run: its series (test, model, tier, devices), the CI gate's checks of it with their evidence, and the tests its
 * runner listed with their outcomes.
 */
@Route("runs/:" + RunView.RUN_ID)
@PageTitle("Run · Parallax")
@PermitAll
public class RunView extends VerticalLayout implements BeforeEnterObserver {

    public static final String RUN_ID = "runId";

    private final RunsService runs;
    private final RunTests tests;
    private final RunScope scope;

    public RunView(RunsService runs, RunTests tests, RunScope scope) {
        this.runs = runs;
        this.tests = tests;
        this.scope = scope;
        setWidthFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String runId = event.getRouteParameters().get(RUN_ID).orElse("");
        removeAll();
        Anchor compare = new Anchor(CompareView.link(runId), "Compare with another run");
        compare.setId("run-compare");
        add(new H2("Run " + runId), compare);
        // A run's page shows it whenever it ran: its rows read over its minutes and test, not over all time.
        Optional<RunFilter> rows = scope.of(runId);
        if (rows.isEmpty()) {
            add(new Paragraph("No inference of a run " + runId + " is in the warehouse."));
            return;
        }
        RunFilter filter = rows.get();
        // One look of the gate for the rows' verdicts and the checks below: each series is analysed once.
        RegressionGate look = runs.gate();
        RunGrid series = new RunGrid(runs, filter, () -> look);
        series.setId("run-series");
        series.setAllRowsVisible(true);
        add(series);

        List<RegressionCheck> checks = look.check(runId);
        add(new H3("Gate checks (" + checks.stream().filter(RegressionCheck::fails).count() + " failing of "
                + checks.size() + ")"));
        Table<RegressionCheck> gate = new Table<>(RegressionCheck.class);
        gate.setId("run-checks");
        RunGrid.addVerdictColumn(gate, c -> c.fails() ? "FAIL" : "pass", RegressionCheck::fails).setHeader("")
                .setAutoWidth(true);
        gate.addColumn(RegressionCheck::name).setHeader("Check").setAutoWidth(true);
        gate.addColumn(RegressionCheck::evidence).setHeader("Evidence").setFlexGrow(3);
        gate.setItems(checks);
        gate.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        gate.setAllRowsVisible(true);
        add(gate);
        addTests(runId);
    }

    /** The runner's own view of the run: each test's outcome, duration and latency. */
    private void addTests(String runId) {
        List<TestOutcome> listed = tests.of(runId);
        add(new H3("Tests (" + listed.stream().filter(TestOutcome::failed).count() + " failed of " + listed.size()
                + ")"));
        if (listed.isEmpty()) {
            add(new Paragraph("The runner listed no tests: the run is not finished, or its runner does not send them."));
            return;
        }
        Table<TestOutcome> grid = new Table<>(TestOutcome.class);
        grid.setId("run-tests");
        RunGrid.addVerdictColumn(grid, TestOutcome::outcome, TestOutcome::failed).setHeader("Outcome")
                .setAutoWidth(true);
        grid.addColumn(TestOutcome::displayName).setHeader("Test").setFlexGrow(3);
        grid.addColumn(t -> Figures.ms(t.durationMs())).setHeader("Duration").setAutoWidth(true);
        grid.addColumn(t -> Figures.count(t.inferences())).setHeader("Inferences").setAutoWidth(true);
        grid.addColumn(t -> Figures.ms(t.latencyP50Ms())).setHeader("Latency p50").setAutoWidth(true);
        grid.addColumn(t -> Figures.ms(t.latencyP99Ms())).setHeader("Latency p99").setAutoWidth(true);
        grid.setItems(listed);
        grid.setAllRowsVisible(true);
        add(grid, grid.csvLink("run-" + runId + "-tests"));
    }
}
