package dev.parallax.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import dev.parallax.insights.alerts.AlertSubject;
import dev.parallax.ui.alerts.AlertView;
import dev.parallax.ui.devices.DeviceView;
import dev.parallax.ui.runs.RunView;
import dev.parallax.ui.runs.RunsView;
import dev.parallax.ui.tests.TestView;

/** Links between the pages about one thing: a test, a run, a device, an alert; every page links them the same way. */
public final class PageLinks {

    private PageLinks() {
    }

    public static RouterLink test(String testId) {
        return new RouterLink(testId, TestView.class, testId);
    }

    public static RouterLink run(String runId) {
        return new RouterLink(runId, RunView.class, new RouteParameters(RunView.RUN_ID, runId));
    }

    public static RouterLink device(String deviceId) {
        return new RouterLink(deviceId, DeviceView.class, new RouteParameters(DeviceView.DEVICE_ID, deviceId));
    }

    /** An alert's page: its events. */
    public static RouterLink alertHistory(String alertId) {
        return new RouterLink("history", AlertView.class, new RouteParameters(AlertView.ALERT_ID, alertId));
    }

    /** The runs page filtered to a test's runs. */
    public static Anchor runsOf(String testId) {
        return runs(RunsView.TEST, testId);
    }

    /** The runs page filtered to the runs on a device. */
    public static Anchor runsOn(String deviceId) {
        return runs(RunsView.DEVICE, deviceId);
    }

    /** Links to the pages of the test or device an alert is about (and their runs); empty when it names neither. */
    public static Span about(String alertSubject) {
        AlertSubject subject = AlertSubject.parse(alertSubject);
        Span links = new Span();
        links.getStyle().set("display", "inline-flex").set("gap", "0.5em");
        subject.testId().ifPresent(test -> links.add(test(test), runsOf(test)));
        subject.deviceId().ifPresent(device -> links.add(device(device), runsOn(device)));
        return links;
    }

    /**
     * A link to the runs page by its address rather than a {@link RouterLink}, which needs the running service's
     * router: pages that build it before they are attached (the test page in its parameter) work without one.
     */
    private static Anchor runs(String filter, String value) {
        Anchor link = new Anchor(RunsView.ROUTE + "?" + QueryParameters.of(filter, value).getQueryString(), "runs");
        link.getElement().setAttribute("router-link", true);
        return link;
    }
}
