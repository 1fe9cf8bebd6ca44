package dev.parallax.ui.placement;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.data.renderer.TextRenderer;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.parallax.analytics.Figures;
import dev.parallax.analytics.placement.CostModel;
import dev.parallax.insights.access.Roles;
import dev.parallax.insights.alerts.OpenAlert;
import dev.parallax.insights.placement.AdviceAndAlerts;
import dev.parallax.insights.placement.CostModels;
import dev.parallax.insights.placement.RecentAdvice;
import dev.parallax.insights.placement.Recommendations.Advice;
import dev.parallax.insights.placement.Recommendations;
import dev.parallax.insights.placement.StoredRecommendation;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.ui.alerts.AlertsView;
import dev.parallax.ui.overview.OverviewService;
import dev.parallax.ui.overview.OverviewView;
import dev.parallax.ui.security.CurrentUser;
import dev.parallax.ui.table.Table;
import dev.parallax.ui.timerange.Preset;
import dev.parallax.ui.timerange.TimeRangePicker;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Edge/cloud placement per test (SPEC §7) with its evidence, confidence and monthly cost delta; cost model for admins. */
@Route("placement")
@PageTitle("Placement · Parallax")
@PermitAll
public class PlacementView extends VerticalLayout implements BeforeEnterObserver {

    private final Recommendations recommendations;
    private final RecentAdvice advice;
    private final Table<StoredRecommendation> grid = new Table<>(StoredRecommendation.class);
    private final Paragraph empty = new Paragraph();
    private final OverviewService overview;
    private final TimeRangePicker range;
    private final Paragraph about = new Paragraph();
    private final Paragraph freshness = new Paragraph();
    private final ProgressBar computing = new ProgressBar();
    /** The period last asked for: newer advice computed for an earlier one is not shown over it. */
    private Period asked;
    /** Per test, its open alerts that its advice seems to contradict, each with why both hold. */
    private Map<String, List<String>> disagreements = Map.of();

    public PlacementView(Recommendations recommendations, RecentAdvice advice, CostModels costs, CurrentUser user,
                         OverviewService overview, Clock clock) {
        this.recommendations = recommendations;
        this.advice = advice;
        this.overview = overview;
        this.range = new TimeRangePicker(clock, Preset.HOURS_24, this::refresh);
        setWidthFull();
        grid.setId("recommendations");
        grid.addColumn(StoredRecommendation::testId).setHeader("Test").setAutoWidth(true);
        grid.addColumn(StoredRecommendation::currentTier).setHeader("Now on").setAutoWidth(true);
        grid.addColumn(StoredRecommendation::placement).setHeader("Advice").setAutoWidth(true);
        grid.addColumn(StoredRecommendation::reason).setHeader("Why").setFlexGrow(2);
        grid.addColumn(StoredRecommendation::confidenceShown).setHeader("Confidence").setAutoWidth(true);
        grid.addColumn(r -> Figures.usdDelta(r.monthlyCostDeltaUsd())).setHeader("Monthly cost Δ").setAutoWidth(true);
        grid.addColumn(r -> String.join(" · ", disagreements.getOrDefault(r.testId(), List.of())))
                .setHeader("Open alerts the advice does not follow").setFlexGrow(2);
        grid.setItemDetailsRenderer(new TextRenderer<>(r -> String.join(" · ", r.evidence())));
        Button recompute = new Button("Recompute now", e -> {
            recommendations.recomputeFor(user);
            refresh(range.period());
        });
        recompute.setId("recompute");
        freshness.setId("advice-freshness");
        computing.setIndeterminate(true);
        computing.setId("advice-computing");
        computing.setVisible(false);
        recompute.setVisible(user.hasRole(Roles.OPERATOR)); // and checked again where it runs
        add(new H3("Placement recommendations"), range, about, freshness, computing, recompute, empty,
                grid.csvLink("placement"), grid);
        if (user.hasRole(Roles.ADMIN)) {
            add(new H3("Cost model"), costEditor(costs, user));
        }
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        range.read(event.getLocation());
    }

    private void refresh(Period period) {
        asked = period;
        RecentAdvice.Shown shown = advice.over(period);
        shown.advice().ifPresentOrElse(a -> show(a, shown.newer().isPresent()), this::showComputing);
        UI ui = UI.getCurrent();
        // Pushed when done, unless the page shows another range by then or was left.
        shown.newer().ifPresent(newer -> newer.whenComplete((computed, failed) -> ui.access(() -> {
            if (!isAttached() || !period.equals(asked)) {
                return;
            }
            if (computed != null) {
                show(computed, false);
            } else if (shown.advice().isEmpty()) {
                computing.setVisible(false);
                freshness.setText("Computing the advice over " + range.described() + " failed: "
                        + failed.getMessage() + ". Choose the range again to retry.");
            }
        })));
    }

    /** Nothing to show yet: the range's advice is being computed, and shown when done. */
    private void showComputing() {
        about.setText("");
        freshness.setText("Computing the advice over " + range.described() + " from its measured data: a long range "
                + "of a large fleet takes a while. It appears here when done; you may leave and come back.");
        computing.setVisible(true);
        grid.setVisible(false);
        empty.setVisible(false);
    }

    /** Shows {@code shown}; {@code newerComing} when newer advice for the range is being computed. */
    private void show(Advice shown, boolean newerComing) {
        computing.setVisible(false);
        List<StoredRecommendation> rows = shown.rows();
        List<OpenAlert> open = overview.openAlerts();
        // The advice's own budgets: its disagreements with alerts are explained by what it weighed.
        disagreements = rows.stream().collect(Collectors.toMap(StoredRecommendation::testId,
                r -> AdviceAndAlerts.explain(r, open, shown.budgets().applyAsDouble(r.testId()), range.described())));
        about.setText("From the measured data of " + range.described() + "; click a row for its evidence. A "
                + "negative cost delta saves money. Reports and alerts use the advice recomputed every few minutes "
                + "from the last " + recommendations.window().toHours() + " h.");
        freshness.setText("Computed " + OverviewView.ago(shown.asOf()) + " (" + AlertsView.TIME.format(shown.asOf())
                + ") from the data up to " + AlertsView.TIME.format(shown.period().to()) + ", and shown to everyone "
                + "asking for this range for " + advice.fresh().toSeconds() + " s"
                + (newerComing ? "; newer advice is being computed and replaces it here when done." : "."));
        grid.setItems(rows);
        // 200 tests' advice is not drawn at once: beyond a screenful the table scrolls and draws what is in view.
        grid.showRows(rows.size());
        grid.setVisible(!rows.isEmpty());
        empty.setVisible(rows.isEmpty());
        empty.setText("No test has latency windows in " + range.described() + ": widen the range, or run a test.");
    }

    private Div costEditor(CostModels costs, CurrentUser user) {
        CostModel m = costs.current();
        NumberField node = field("Edge node ($)", m.edgeNodeUsd());
        NumberField days = field("Amortized over (days)", m.edgeAmortization().toDays());
        NumberField power = field("Edge power under load (W)", m.edgeLoadPowerW());
        NumberField kwh = field("Electricity ($/kWh)", m.electricityUsdPerKwh());
        NumberField ops = field("Edge ops ($/node/year)", m.edgeOpsUsdPerYear());
        NumberField gpu = field("Cloud GPU ($/h)", m.cloudGpuUsdPerHour());
        NumberField cloudOps = field("Cloud ops ($/GPU h)", m.cloudOpsUsdPerHour());
        Button save = new Button("Save cost model", e -> {
            user.require(Roles.ADMIN, "change the cost model");
            try {
                costs.save(new CostModel(value(node), Duration.ofDays((long) value(days)), value(power), value(kwh),
                        value(ops), value(gpu), value(cloudOps)), user.name());
                recommendations.recompute();
                refresh(range.period());
                Notification.show("Saved; recommendations recomputed with it.");
            } catch (IllegalArgumentException ex) {
                Notification.show(ex.getMessage());
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(node, days, power, kwh, ops, gpu, cloudOps, save);
        form.setWrap(true);
        form.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        Div editor = new Div(form);
        editor.setId("cost-model");
        return editor;
    }

    private static NumberField field(String label, double value) {
        NumberField f = new NumberField(label);
        f.setValue(value);
        f.setMin(0);
        return f;
    }

    private static double value(NumberField f) {
        if (f.getValue() == null) {
            throw new IllegalArgumentException(f.getLabel() + " is required");
        }
        return f.getValue();
    }
}
