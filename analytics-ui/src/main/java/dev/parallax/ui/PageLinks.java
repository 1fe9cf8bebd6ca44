package dev.parallax.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.function.ValueProvider;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import dev.parallax.insights.alerts.AlertSubject;
import dev.parallax.ui.alerts.AlertView;
import dev.parallax.ui.devices.DeviceView;
import dev.parallax.ui.runs.RunView;
import dev.parallax.ui.runs.RunsView;
import dev.parallax.ui.tests.TestView;
import java.util.function.UnaryOperator;

/** Links between the pages about one thing: a test, a run, a device, an alert; every page links them the same way. */
public final class PageLinks {

    private PageLinks() {
    }

    public static RouterLink test(String testId) {
        return new RouterLink(testId, TestView.class, testId);
    }

    public static RouterLink device(String deviceId) {
        return new RouterLink(deviceId, DeviceView.class, new RouteParameters(DeviceView.DEVICE_ID, deviceId));
    }

    /** The address {@link #test} links to, for links drawn in the browser ({@code Table.addLinkColumn}). */
    public static String testAddress(String testId) {
        return RouteConfiguration.forApplicationScope().getUrl(TestView.class, testId);
    }

    /** The address of a run's page. */
    public static String runAddress(String runId) {
        return RouteConfiguration.forApplicationScope().getUrl(RunView.class,
                new RouteParameters(RunView.RUN_ID, runId));
    }

    /** The address {@link #device} links to. */
    public static String deviceAddress(String deviceId) {
        return RouteConfiguration.forApplicationScope().getUrl(DeviceView.class,
                new RouteParameters(DeviceView.DEVICE_ID, deviceId));
    }

    /** The address of an alert's page: its events. */
    public static String alertAddress(String alertId) {
        return RouteConfiguration.forApplicationScope().getUrl(AlertView.class,
                new RouteParameters(AlertView.ALERT_ID, alertId));
    }

    /** The runs page filtered to a test's runs. */
    public static Anchor runsOf(String testId) {
        return runs(RunsView.TEST, testId);
    }

    /** The runs page filtered to the runs on a device. */
    public static Anchor runsOn(String deviceId) {
        return runs(RunsView.DEVICE, deviceId);
    }

    /**
     * {@link #about} in each row of a table, drawn in the browser from the row's values rather than as components
     * (a link absent from a row is hidden).
     */
    public static <T> LitRenderer<T> aboutEach(ValueProvider<T, String> alertSubject) {
        ValueProvider<T, String> test = row -> AlertSubject.parse(alertSubject.apply(row)).testId().orElse("");
        ValueProvider<T, String> device = row -> AlertSubject.parse(alertSubject.apply(row)).deviceId().orElse("");
        return LitRenderer.<T>of("""
                <span style="display: inline-flex; gap: 0.5em">\
                <a ?hidden=${!item.test} href="${item.testPage}" router-link>${item.test}</a>\
                <a ?hidden=${!item.test} href="${item.testRuns}" router-link>runs</a>\
                <a ?hidden=${!item.device} href="${item.devicePage}" router-link>${item.device}</a>\
                <a ?hidden=${!item.device} href="${item.deviceRuns}" router-link>runs</a></span>""")
                .withProperty("test", test)
                .withProperty("testPage", row -> blankOr(test.apply(row), PageLinks::testAddress))
                .withProperty("testRuns", row -> blankOr(test.apply(row), t -> runsAddress(RunsView.TEST, t)))
                .withProperty("device", device)
                .withProperty("devicePage", row -> blankOr(device.apply(row), PageLinks::deviceAddress))
                .withProperty("deviceRuns", row -> blankOr(device.apply(row), d -> runsAddress(RunsView.DEVICE, d)));
    }

    private static String blankOr(String id, UnaryOperator<String> address) {
        return id.isEmpty() ? "" : address.apply(id);
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
        Anchor link = new Anchor(runsAddress(filter, value), "runs");
        link.getElement().setAttribute("router-link", true);
        return link;
    }

    private static String runsAddress(String filter, String value) {
        return RunsView.ROUTE + "?" + QueryParameters.of(filter, value).getQueryString();
    }
}
