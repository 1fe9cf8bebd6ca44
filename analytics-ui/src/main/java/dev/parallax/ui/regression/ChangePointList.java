package dev.parallax.ui.regression;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.parallax.analytics.Figures;
import dev.parallax.insights.access.Roles;
import dev.parallax.insights.regression.ChangePoints;
import dev.parallax.insights.regression.RunChange;
import dev.parallax.ui.security.CurrentUser;
import dev.parallax.ui.table.Table;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A test's change points over runs, with the action for operators to mark a regression as an expected change (after
 * which it no longer fails the gate).
 */
public class ChangePointList extends VerticalLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final ChangePoints changePoints;
    private final CurrentUser user;
    private final Table<RunChange> grid = new Table<>(RunChange.class);
    private final Paragraph none = new Paragraph();
    private Runnable refresh = () -> { };

    public ChangePointList(ChangePoints changePoints, CurrentUser user) {
        this.changePoints = changePoints;
        this.user = user;
        setPadding(false);
        setWidthFull();
        grid.setId("change-points");
        grid.addColumn(c -> c.key().model() + " " + c.key().precision() + " · " + c.key().tier() + " "
                + c.key().deviceClass()).setHeader("Series");
        grid.addColumn(c -> c.metric().label()).setHeader("Metric");
        grid.addColumn(RunChange::runId).setHeader("From run");
        grid.addColumn(c -> TIME.format(c.runStart())).setHeader("Started");
        grid.addColumn(RunChange::beforeAfter).setHeader("Before → after");
        grid.addColumn(c -> Figures.signedPercent(c.relativeChange())).setHeader("Change");
        grid.addColumn(c -> Figures.number(c.pValue())).setHeader("p-value");
        grid.addColumn(c -> !c.regression() ? "improvement"
                : c.expected() ? "expected (" + c.expectedBy() + ")" : "regression: fails the gate").setHeader("Verdict");
        if (user.hasRole(Roles.OPERATOR)) {
            grid.addComponentColumn(this::expectButton);
        }
        grid.getColumns().forEach(c -> c.setAutoWidth(true));
        grid.setAllRowsVisible(true);
        add(none, grid.csvLink("change-points"), grid);
    }

    /** The change points at the test's runs begun in {@code [from, to)}. */
    public List<RunChange> show(String testId, Instant from, Instant to) {
        return show(testId, from, to, read(testId, from, to));
    }

    /** Those change points read, not shown: a page may read them beside its other reads ({@code SideBySideReads}). */
    public List<RunChange> read(String testId, Instant from, Instant to) {
        return changePoints.ofTest(testId, from, to);
    }

    /** Shows {@code changes}, the change points at the test's runs begun in {@code [from, to)}, read by the page. */
    public List<RunChange> show(String testId, Instant from, Instant to, List<RunChange> changes) {
        refresh = () -> show(testId, from, to);
        none.setText("No change point at this test's runs in this range (p < " + changePoints.settings().maxPValue()
                + String.format(Locale.ROOT, ", change above %.0f %%).", 100 * changePoints.settings().minMagnitude()));
        none.setVisible(changes.isEmpty());
        grid.setVisible(!changes.isEmpty());
        grid.setItems(changes);
        return changes;
    }

    /** The button's action: operators only, checked here, where it runs. */
    void markExpected(RunChange change) {
        user.require(Roles.OPERATOR, "mark changes as expected");
        changePoints.expect(change.key(), change.metric(), change.runId(), user.name(), "");
        refresh.run();
    }

    private Button expectButton(RunChange change) {
        Button expect = new Button("Mark expected", e -> {
            markExpected(change);
            Notification.show("Marked expected: " + change.metric().label() + " from run " + change.runId());
        });
        expect.addThemeVariants(ButtonVariant.LUMO_SMALL);
        expect.setEnabled(change.fails());
        return expect;
    }
}
