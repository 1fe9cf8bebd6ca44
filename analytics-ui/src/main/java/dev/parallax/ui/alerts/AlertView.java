package dev.parallax.ui.alerts;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.parallax.insights.alerts.AlertCenter;
import dev.parallax.insights.alerts.AlertRecord;
import dev.parallax.insights.alerts.AlertRow;
import dev.parallax.ui.PageLinks;
import jakarta.annotation.security.PermitAll;
import java.util.List;

/** One alert's history: every event of it on the alert log, who caused it and when. */
@Route("alerts/:" + AlertView.ALERT_ID)
@PageTitle("Alert · Parallax")
@PermitAll
public class AlertView extends VerticalLayout implements BeforeEnterObserver {

    public static final String ALERT_ID = "alertId";

    private final AlertCenter center;

    public AlertView(AlertCenter center) {
        this.center = center;
        setWidthFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String alertId = event.getRouteParameters().get(ALERT_ID).orElse("");
        removeAll();
        List<AlertRecord> events = center.history(alertId);
        if (events.isEmpty()) {
            add(new H2("Alert"), new Paragraph("The alert log holds no alert " + alertId + "."));
            return;
        }
        AlertRow now = events.getLast().row();
        add(new H2(now.message()), AlertsView.severity(now.severity()), PageLinks.about(now.alertKey()));
        Grid<AlertRecord> grid = new Grid<>(AlertRecord.class, false);
        grid.setId("alert-events");
        grid.addColumn(r -> AlertsView.TIME.format(r.event().at())).setHeader("When").setAutoWidth(true);
        grid.addColumn(r -> r.event().type().name()).setHeader("Step").setAutoWidth(true);
        grid.addColumn(r -> r.event().actor()).setHeader("By").setAutoWidth(true);
        grid.addColumn(r -> r.event().until() == null ? "" : "until " + AlertsView.TIME.format(r.event().until()))
                .setHeader("Snooze").setAutoWidth(true);
        grid.addColumn(r -> r.event().summary()).setHeader("Summary").setFlexGrow(3);
        grid.setItems(events);
        grid.setAllRowsVisible(true);
        add(grid);
    }
}
