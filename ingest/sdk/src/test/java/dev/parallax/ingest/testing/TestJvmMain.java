package dev.parallax.ingest.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * A test JVM as a build tool forks it: runs the test class named by the first argument through the JUnit
 * Platform, prints the summary, exits 0 when every test passed.
 */
public final class TestJvmMain {

    private TestJvmMain() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Class.forName(args[0]))).build(), summary);
        System.out.println("tests succeeded=" + summary.getSummary().getTestsSucceededCount()
                + " failed=" + summary.getSummary().getTotalFailureCount() + " " + summary.getSummary().getFailures());
        System.exit(summary.getSummary().getTotalFailureCount() == 0 ? 0 : 1);
    }
}
