package dev.parallax.ui.alerts;

import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;

@Route("alerts")
@PageTitle("Alerts · Parallax")
@PermitAll
public class AlertsView extends VerticalLayout {

    public AlertsView() {
        add(new H3("Alerts"));
    }
}
