package dev.parallax.ui.placement;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.data.renderer.TextRenderer;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.parallax.analytics.Figures;
import dev.parallax.analytics.placement.CostModel;
import dev.parallax.ui.overview.OpenAlert;
import dev.parallax.ui.overview.OverviewService;
import dev.parallax.ui.security.CurrentUser;
import dev.parallax.ui.security.Roles;
import dev.parallax.ui.table.Table;
import dev.parallax.ui.timerange.Preset;
import dev.parallax.ui.timerange.TimeRangePicker;
import dev.parallax.ui.warehouse.Period;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** Edge/cloud placement per test (SPEC §7) with its evidence, confidence and monthly cost delta; cost model for admins. */
@Route("placement")
@PageTitle("Placement · Parallax")
@PermitAll
public class PlacementView extends VerticalLayout implements BeforeEnterObserver {

    private final Recommendations recommendations;
    private final Table<StoredRecommendation> grid = new Table<>(StoredRecommendation.class);
    private final Paragraph empty = new Paragraph();
    private final OverviewService overview;
    private final TimeRangePicker range;
    private final Paragraph about = new Paragraph();
    /** Per test, its open alerts that its advice seems to contradict, each with why both hold. */
    private Map<String, List<String>> disagreements = Map.of();

    public PlacementView(Recommendations recommendations, CostModels costs, CurrentUser user,
                         OverviewService overview, Clock clock) {
        this.recommendations = recommendations;
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
        grid.setAllRowsVisible(true);
        Button recompute = new Button("Recompute now", e -> {
            recommendations.recomputeFor(user);
            refresh(range.period());
        });
        recompute.setId("recompute");
        recompute.setVisible(user.hasRole(Roles.OPERATOR)); // and checked again where it runs
        add(new H3("Placement recommendations"), range, about, recompute, empty, grid.csvLink("placement"), grid);
        if (user.hasRole(Roles.ADMIN)) {
            add(new H3("Cost model"), costEditor(costs, user));
        }
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        range.read(event.getLocation());
    }

    private void refresh(Period period) {
        // The overrides read once: the advice and the explanations of its disagreements weigh the same budgets.
        ToDoubleFunction<String> budgets = recommendations.budgetsMs();
        List<StoredRecommendation> rows = recommendations.over(period, budgets);
        List<OpenAlert> open = overview.openAlerts();
        disagreements = rows.stream().collect(Collectors.toMap(StoredRecommendation::testId,
                r -> AdviceAndAlerts.explain(r, open, budgets.applyAsDouble(r.testId()), range.described())));
        about.setText("From the measured data of " + range.described() + "; click a row for its evidence. A "
                + "negative cost delta saves money. Reports and alerts use the advice recomputed every few minutes "
                + "from the last " + recommendations.window().toHours() + " h.");
        grid.setItems(rows);
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
