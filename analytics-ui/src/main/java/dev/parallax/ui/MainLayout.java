package dev.parallax.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import dev.parallax.ui.alerts.AlertsView;
import dev.parallax.ui.compare.CompareView;
import dev.parallax.ui.devices.DevicesView;
import dev.parallax.ui.overview.OverviewView;
import dev.parallax.ui.placement.PlacementView;
import dev.parallax.ui.reports.ReportsView;
import dev.parallax.ui.runs.RunsView;
import dev.parallax.ui.security.CurrentUser;
import jakarta.annotation.security.PermitAll;

/** The frame of every signed-in page: navigation and the signed-in user. */
@Layout
@PermitAll
public class MainLayout extends AppLayout {

    public MainLayout(CurrentUser user) {
        H2 title = new H2("Parallax");
        title.getStyle().set("font-size", "1.1rem").set("margin", "0");
        Button signOut = new Button("Sign out", e -> user.signOut());
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title, new Span(user.name()), signOut);
        header.setDefaultVerticalComponentAlignment(HorizontalLayout.Alignment.CENTER);
        header.setWidthFull();
        header.expand(title);
        header.getStyle().set("padding-right", "1rem");
        addToNavbar(header);

        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("Overview", OverviewView.class));
        nav.addItem(new SideNavItem("Runs", RunsView.class));
        nav.addItem(new SideNavItem("Compare runs", CompareView.class));
        nav.addItem(new SideNavItem("Devices", DevicesView.class));
        nav.addItem(new SideNavItem("Alerts", AlertsView.class));
        nav.addItem(new SideNavItem("Placement", PlacementView.class));
        nav.addItem(new SideNavItem("Reports", ReportsView.class));
        addToDrawer(nav);
    }
}
