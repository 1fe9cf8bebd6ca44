package dev.parallax.ui.alerts;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.grid.Grid.Column;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.function.ValueProvider;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.parallax.analytics.Figures;
import dev.parallax.analytics.alert.AlertRule;
import dev.parallax.analytics.alert.AlertSettings.TestOverrides;
import dev.parallax.insights.access.Roles;
import dev.parallax.insights.alerts.AlertCenter;
import dev.parallax.insights.alerts.AlertHistory;
import dev.parallax.insights.alerts.AlertOverrides;
import dev.parallax.insights.alerts.AlertRow;
import dev.parallax.insights.alerts.SnoozeLengths;
import dev.parallax.insights.deadletters.DeadLetters;
import dev.parallax.insights.deadletters.ReasonClass;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.ui.PageLinks;
import dev.parallax.ui.overview.OverviewService;
import dev.parallax.ui.overview.TestSummary;
import dev.parallax.ui.security.CurrentUser;
import dev.parallax.ui.table.Table;
import dev.parallax.ui.timerange.Preset;
import dev.parallax.ui.timerange.TimeRangePicker;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Active alerts, updated live as the evaluator raises and resolves them, filtered by severity and snooze;
 * acknowledgement, snooze, resolve by hand and per-test rule overrides for operators; the history of a range (its
 * URL's, as on the other pages; the last week by default) from the warehouse, and each alert's own events.
 */
@Route("alerts")
@PageTitle("Alerts · Parallax")
@PermitAll
public class AlertsView extends VerticalLayout implements BeforeEnterObserver {

    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String NEEDING_ATTENTION = "needing attention";
    private static final String SNOOZED = "snoozed";
    private static final String ALL_ACTIVE = "all active";
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final AlertCenter center;
    private final AlertHistory history;
    private final AlertOverrides overrides;
    private final CurrentUser user;
    private final Clock clock;
    private final boolean operator;
    private final SnoozeLengths snoozeLengths;
    private final Table<AlertRow> active = new Table<>(AlertRow.class);
    private final Select<String> severity = new Select<>();
    private final Select<String> shown = new Select<>();
    private final Select<Duration> snoozeFor = new Select<>();
    private final Paragraph noActive = new Paragraph();
    private final Table<AlertRow> past = new Table<>(AlertRow.class);
    private final Paragraph noHistory = new Paragraph();
    private final H3 historyHeading = new H3();
    private final TimeRangePicker range;
    private final Table<Map.Entry<String, TestOverrides>> overrideGrid = new Table<>();
    private Runnable unsubscribe;

    public AlertsView(AlertCenter center, AlertHistory history, AlertOverrides overrides, OverviewService overview,
                      DeadLetters deadLetters, SnoozeLengths snoozeLengths, CurrentUser user, Clock clock) {
        this.center = center;
        this.snoozeLengths = snoozeLengths;
        this.history = history;
        this.overrides = overrides;
        this.user = user;
        this.clock = clock;
        this.operator = user.hasRole(Roles.OPERATOR);
        // A log, not whole-minute windows: an alert raised a moment ago is in the history of the last hour.
        this.range = new TimeRangePicker(clock, Preset.DAYS_7, this::showHistory).withRunningMinute();
        setWidthFull();

        active.setId("active-alerts");
        addSeverityColumn(active, AlertRow::severity).setHeader("Severity").setAutoWidth(true)
                .setComparator(AlertRow::severity);
        active.addColumn(center::summaryNow).setHeader("Alert (as measured now)").setWidth("20em").setFlexGrow(3);
        active.addColumn(a -> a.isSnoozedAt(clock.instant())
                ? a.state() + ", snoozed until " + SHORT.format(a.snoozedUntil()) : a.state()).setHeader("State")
                .setAutoWidth(true);
        active.addColumn(a -> a.isAcknowledged() ? a.acknowledgedBy() + " at " + SHORT.format(a.acknowledgedAt()) : "")
                .setHeader("Acknowledged").setAutoWidth(true);
        // The steps and links first, so they stay in view on a narrow screen; the rule and time last.
        if (operator) {
            active.addComponentColumn(this::actions).setHeader("").setAutoWidth(true);
        }
        active.addRenderedColumn(PageLinks.aboutEach(AlertRow::alertKey), AlertRow::alertKey).setHeader("About")
                .setAutoWidth(true);
        addHistoryColumn(active);
        active.addColumn(a -> SHORT.format(a.raisedAt())).setHeader("Raised (UTC)").setAutoWidth(true);
        active.addColumn(AlertRow::rule).setHeader("Rule").setAutoWidth(true);
        active.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        add(new H3("Active alerts"), filters(), noActive, active.csvLink("active-alerts"), active);
        add(new H3("Dead letters of the last day, by kind of reason"));
        add(deadLetterClasses(deadLetters.byReason(Period.last(Duration.ofDays(1), clock.instant()), 50)));

        if (operator) {
            add(new H3("Rule overrides per test"), overridesEditor(overview.tests()));
        }

        past.setId("alert-history");
        addSeverityColumn(past, AlertRow::severity).setHeader("Severity").setAutoWidth(true);
        past.addColumn(AlertRow::message).setHeader("Alert").setWidth("28em").setFlexGrow(3);
        past.addRenderedColumn(PageLinks.aboutEach(AlertRow::alertKey), AlertRow::alertKey).setHeader("About")
                .setAutoWidth(true);
        past.addColumn(AlertRow::state).setHeader("State").setAutoWidth(true);
        past.addColumn(a -> SHORT.format(a.raisedAt())).setHeader("Raised (UTC)").setAutoWidth(true);
        past.addColumn(a -> a.resolvedAt() == null ? "" : SHORT.format(a.resolvedAt())).setHeader("Resolved (UTC)")
                .setAutoWidth(true);
        past.addColumn(a -> a.acknowledgedBy() == null ? "" : a.acknowledgedBy()).setHeader("Acknowledged by")
                .setAutoWidth(true);
        addHistoryColumn(past);
        add(historyHeading, range, new Span("Alerts raised in the range or whose last change (acknowledged, "
                + "resolved) falls in it, as projected into the warehouse from parallax.alerts.v1 by the sink."),
                noHistory, past.csvLink("alert-history"), past);
        refreshActive();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        range.read(event.getLocation());
    }

    /** One row per kind of reason, so that a bad producer's thousand records read as one problem. */
    private static Component deadLetterClasses(List<ReasonClass> classes) {
        if (classes.isEmpty()) {
            return new Paragraph("None: every record of the last day was read.");
        }
        Table<ReasonClass> grid = new Table<>(ReasonClass.class);
        grid.setId("dead-letters");
        grid.addColumn(ReasonClass::reason).setHeader("Reason").setWidth("24em").setFlexGrow(2);
        grid.addColumn(c -> Figures.count(c.letters())).setHeader("Records").setAutoWidth(true)
                .setComparator(ReasonClass::letters);
        grid.addColumn(c -> SHORT.format(c.latest())).setHeader("Latest (UTC)").setAutoWidth(true);
        grid.addColumn(ReasonClass::example).setHeader("Latest example").setFlexGrow(2);
        grid.addColumn(ReasonClass::exampleSource).setHeader("From").setAutoWidth(true);
        grid.setItems(classes);
        grid.setAllRowsVisible(true);
        VerticalLayout table = new VerticalLayout(grid.csvLink("dead-letters"), grid);
        table.setPadding(false);
        return table;
    }

    /** A severity for people: critical in the error colour, a warning in the warning colour. */
    public static Span severity(String severity) {
        Span span = new Span(severity);
        span.getElement().setAttribute("data-severity", severity);
        span.getElement().setAttribute("style", severityStyle(severity));
        return span;
    }

    /**
     * A column of alert severities, drawn as {@link #severity} draws one and marked {@code data-severity}: every table
     * of alerts shows them so.
     */
    public static <T> Column<T> addSeverityColumn(Table<T> table, ValueProvider<T, String> severity) {
        return table.addMarkColumn("severity", severity, severity, a -> severityStyle(severity.apply(a)));
    }

    /** The link to each alert's page, its events, exported as nothing. */
    private static void addHistoryColumn(Table<AlertRow> table) {
        table.addLinkColumn(a -> "history", a -> PageLinks.alertAddress(a.alertId()), a -> "", null).setHeader("")
                .setAutoWidth(true);
    }

    /** How a severity is drawn: bold, red when critical. */
    private static String severityStyle(String severity) {
        return "font-weight: 600; color: " + ("CRITICAL".equals(severity) ? "var(--lumo-error-text-color)"
                : "var(--lumo-warning-text-color, #8a5300)");
    }

    /** Which active alerts to show: by severity, and those needing attention, the snoozed ones or all. */
    private HorizontalLayout filters() {
        severity.setLabel("Severity");
        severity.setId("alert-severity");
        severity.setItems("any", "CRITICAL", "WARNING");
        severity.setValue("any");
        shown.setLabel("Show");
        shown.setId("alert-shown");
        shown.setItems(NEEDING_ATTENTION, SNOOZED, ALL_ACTIVE);
        shown.setValue(NEEDING_ATTENTION);
        severity.addValueChangeListener(e -> refreshActive());
        shown.addValueChangeListener(e -> refreshActive());
        HorizontalLayout filters = new HorizontalLayout(severity, shown);
        if (operator) {
            snoozeFor.setLabel("Snooze for");
            snoozeFor.setId("snooze-for");
            snoozeFor.setItems(snoozeLengths.lengths());
            snoozeFor.setItemLabelGenerator(SnoozeLengths::label);
            snoozeFor.setValue(snoozeLengths.lengths().getFirst());
            filters.add(snoozeFor);
        }
        return filters;
    }

    private boolean isShown(AlertRow alert, Instant now) {
        boolean snoozed = alert.isSnoozedAt(now);
        return ("any".equals(severity.getValue()) || alert.severity().equals(severity.getValue()))
                && switch (shown.getValue()) {
                    case SNOOZED -> snoozed;
                    case ALL_ACTIVE -> true;
                    default -> !snoozed;
                };
    }

    /** Acknowledge, snooze and resolve: an operator's steps, each an event on the alert log. */
    private HorizontalLayout actions(AlertRow alert) {
        Button ack = action("Acknowledge", "ack-", alert, "acknowledge alerts",
                () -> center.acknowledge(alert.alertId(), user.name()), "Acknowledged: ");
        ack.setEnabled(!alert.isAcknowledged());
        Button snooze = action("Snooze", "snooze-", alert, "snooze alerts",
                () -> center.snooze(alert.alertId(), user.name(), snoozeFor.getValue()), "Snoozed: ");
        Button resolve = action("Resolve", "resolve-", alert, "resolve alerts",
                () -> center.resolve(alert.alertId(), user.name()),
                "Resolved (raised again at the next evaluation if its condition still holds): ");
        return new HorizontalLayout(ack, snooze, resolve);
    }

    private Button action(String label, String idPrefix, AlertRow alert, String what,
                          Supplier<Optional<AlertRow>> step, String done) {
        Button button = new Button(label, e -> {
            user.require(Roles.OPERATOR, what);
            step.get().ifPresentOrElse(row -> Notification.show(done + row.message()),
                    () -> Notification.show("That alert is no longer active."));
            refresh();
        });
        button.addThemeVariants(ButtonVariant.LUMO_SMALL);
        button.setId(idPrefix + alert.alertId());
        return button;
    }

    private VerticalLayout overridesEditor(List<TestSummary> tests) {
        Set<String> ruleIds = center.rules().stream().map(AlertRule::id)
                .collect(Collectors.toCollection(TreeSet::new));
        ComboBox<String> test = new ComboBox<>("Test");
        test.setItems(tests.stream().map(TestSummary::testId).toList());
        test.setAllowCustomValue(true);
        test.addCustomValueSetListener(e -> test.setValue(e.getDetail()));
        NumberField budget = new NumberField("p99 budget (ms)");
        budget.setMin(0);
        NumberField ratio = new NumberField("Edge/cloud p99 ratio");
        ratio.setMin(0);
        MultiSelectComboBox<String> muted = new MultiSelectComboBox<>("Muted rules");
        muted.setItems(ruleIds);
        muted.setWidth("28em");
        test.addValueChangeListener(e -> {
            TestOverrides current = overrides.all().get(e.getValue());
            budget.setValue(current == null ? null : current.latencyBudgetMs());
            ratio.setValue(current == null ? null : current.edgeCloudRatio());
            muted.setValue(current == null ? Set.of() : current.mutedRules());
        });
        Button save = new Button("Save override", e -> {
            user.require(Roles.OPERATOR, "change alert overrides");
            try {
                overrides.save(test.getValue(), new TestOverrides(budget.getValue(), ratio.getValue(),
                        muted.getValue()), ruleIds, user.name());
                Notification.show("Saved; applies from the next evaluation.");
                refreshOverrides();
            } catch (IllegalArgumentException ex) {
                Notification.show(ex.getMessage());
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(test, budget, ratio, muted, save);
        form.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        form.setWrap(true);
        overrideGrid.setId("overrides");
        overrideGrid.addColumn(Map.Entry::getKey).setHeader("Test");
        overrideGrid.addColumn(e -> e.getValue().latencyBudgetMs() == null ? "default"
                : Figures.ms(e.getValue().latencyBudgetMs())).setHeader("p99 budget");
        overrideGrid.addColumn(e -> e.getValue().edgeCloudRatio() == null ? "default"
                : Figures.times(e.getValue().edgeCloudRatio())).setHeader("Edge/cloud ratio");
        overrideGrid.addColumn(e -> String.join(", ", e.getValue().mutedRules())).setHeader("Muted");
        overrideGrid.setAllRowsVisible(true);
        refreshOverrides();
        VerticalLayout editor = new VerticalLayout(form, overrideGrid.csvLink("rule-overrides"), overrideGrid);
        editor.setPadding(false);
        return editor;
    }

    private void refreshOverrides() {
        overrideGrid.setItems(List.copyOf(overrides.all().entrySet()));
    }

    /** The active alerts and the range's history, as they are after a change to an alert. */
    private void refresh() {
        refreshActive();
        showHistory(range.period());
    }

    private void refreshActive() {
        List<AlertRow> rows;
        try {
            rows = center.active();
            noActive.setText("No active alerts: every rule holds.");
        } catch (RuntimeException e) {
            rows = List.of();
            noActive.setText("The alert log (Kafka topic parallax.alerts.v1) cannot be read right now: "
                    + e.getMessage() + ". The history below is the warehouse's last projection.");
        }
        Instant now = clock.instant();
        List<AlertRow> showing = rows.stream().filter(a -> isShown(a, now)).toList();
        active.setItems(showing);
        active.showRows(showing.size());
        active.setVisible(!showing.isEmpty());
        noActive.setVisible(showing.isEmpty());
        if (showing.isEmpty() && !rows.isEmpty()) {
            noActive.setText(rows.size() + " active, none of them shown by these filters.");
        }
    }

    private void showHistory(Period period) {
        List<AlertRow> projected = history.changedIn(period);
        historyHeading.setText("History, " + range.described() + " (" + projected.size() + ")");
        noHistory.setText("Nothing projected in " + range.described() + ": alerts appear here once the ClickHouse "
                + "sink has written their events to the alerts table.");
        past.setItems(projected);
        past.showRows(projected.size());
        past.setVisible(!projected.isEmpty());
        noHistory.setVisible(projected.isEmpty());
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        unsubscribe = center.subscribe(record -> ui.access(this::refresh));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }
}
