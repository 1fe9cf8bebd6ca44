package dev.parallax.ui.compare;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import dev.parallax.insights.regression.SeriesKey;
import dev.parallax.ui.compare.ComparedFigure.Verdict;
import dev.parallax.ui.table.Table;
import jakarta.annotation.security.PermitAll;
import java.util.Locale;
import java.util.Map;

/**
 * Two runs side by side ({@link RunComparison}): per series, each figure of run A (the baseline) and run B, the change,
 * the test that says whether it is real, and the verdict; then each series' latency distributions on one chart.
 * {@code compare?a=RUN&b=RUN}.
 */
@Route(CompareView.ROUTE)
@PageTitle("Compare runs · Parallax")
@PermitAll
public class CompareView extends VerticalLayout implements BeforeEnterObserver {

    public static final String ROUTE = "compare";
    /** Distribution charts drawn at most: a page, not a report. */
    static final int CHARTS = 6;

    private final RunComparison comparison;
    private final TextField runA = new TextField("Run A (baseline)");
    private final TextField runB = new TextField("Run B");
    private final VerticalLayout result = new VerticalLayout();

    public CompareView(RunComparison comparison) {
        this.comparison = comparison;
        setWidthFull();
        runA.setId("compare-a");
        runB.setId("compare-b");
        Button compare = new Button("Compare", e -> getUI().ifPresent(ui -> ui.navigate(ROUTE,
                QueryParameters.simple(Map.of("a", runA.getValue().strip(), "b", runB.getValue().strip())))));
        compare.setId("compare-go");
        compare.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(runA, runB, compare);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);
        result.setPadding(false);
        result.setWidthFull();
        add(new H2("Compare two runs"), form, result);
    }

    /** The link to this page with run {@code a} as the baseline, for the user to name the other. */
    public static String link(String a) {
        return ROUTE + "?" + QueryParameters.of("a", a).getQueryString();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryParameters query = event.getLocation().getQueryParameters();
        String a = query.getSingleParameter("a").orElse("");
        String b = query.getSingleParameter("b").orElse("");
        runA.setValue(a);
        runB.setValue(b);
        result.removeAll();
        if (a.isBlank() || b.isBlank()) {
            result.add(new Paragraph("Name two runs, e.g. a nightly run and the one before it."));
            return;
        }
        show(comparison.compare(a, b));
    }

    private void show(Comparison c) {
        if (c.series().isEmpty()) {
            result.add(new Paragraph("Neither run " + c.runA() + " nor " + c.runB() + " has an inference in the warehouse."));
            return;
        }
        Paragraph summary = new Paragraph("Run B " + c.runB() + " against run A " + c.runA() + ": worse in " + c.worse()
                + ", better in " + c.better() + " of " + c.figures().size() + " figures over " + c.series().size()
                + " series (a difference counts at p < " + RunDifference.ALPHA + ").");
        summary.setId("compare-summary");
        Table<ComparedFigure> figures = new Table<>(ComparedFigure.class);
        figures.setId("compare-figures");
        figures.addColumn(f -> f.series().toString()).setHeader("Series").setFlexGrow(2);
        figures.addColumn(ComparedFigure::figure).setHeader("Figure").setAutoWidth(true);
        figures.addColumn(ComparedFigure::a).setHeader("Run A").setFlexGrow(2);
        figures.addColumn(ComparedFigure::b).setHeader("Run B").setFlexGrow(2);
        figures.addColumn(ComparedFigure::change).setHeader("Change").setAutoWidth(true);
        figures.addColumn(ComparedFigure::test).setHeader("Test").setFlexGrow(2);
        figures.addComponentColumn(CompareView::verdict, f -> f.verdict().label()).setHeader("Verdict").setAutoWidth(true);
        figures.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        figures.setItems(c.figures());
        figures.showRows(c.figures().size());
        result.add(summary, figures, figures.csvLink("compare-" + c.runA() + "-" + c.runB()));

        result.add(new H3("Latency distributions"));
        int drawn = 0;
        for (SeriesKey series : c.series()) {
            if (drawn++ == CHARTS) {
                result.add(new Paragraph("First " + CHARTS + " of " + c.series().size() + " series drawn."));
                break;
            }
            RunSamples[] samples = c.samples().get(series);
            result.add(LatencyDistributionChart.of(series.toString(), "A " + c.runA(), samples[0].latenciesMs(),
                    "B " + c.runB(), samples[1].latenciesMs()));
        }
    }

    private static Span verdict(ComparedFigure figure) {
        Span verdict = new Span(figure.verdict().label());
        verdict.getElement().setAttribute("data-verdict", figure.verdict().name().toLowerCase(Locale.ROOT));
        String color = figure.verdict() == Verdict.WORSE ? "var(--lumo-error-text-color)"
                : figure.verdict() == Verdict.BETTER ? "var(--lumo-success-text-color)" : "var(--lumo-secondary-text-color)";
        verdict.getStyle().set("color", color);
        return verdict;
    }
}
