package dev.parallax.ui;

import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import dev.parallax.ui.devices.DeviceView;
import dev.parallax.ui.runs.RunView;
import dev.parallax.ui.runs.RunsView;
import dev.parallax.ui.tests.TestView;

/** Links between the pages about one thing: a test, a run, a device; every page links them the same way. */
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

    /** The runs page filtered to a test's runs. */
    public static RouterLink runsOf(String testId) {
        RouterLink link = new RouterLink("runs", RunsView.class);
        link.setQueryParameters(QueryParameters.of(RunsView.TEST, testId));
        return link;
    }
}
