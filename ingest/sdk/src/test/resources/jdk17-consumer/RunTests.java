import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** Runs GoldenSetTest through the JUnit Platform, as a build tool would; exit 0 when every test passed. */
public class RunTests {
    public static void main(String[] args) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(GoldenSetTest.class)).build(), listener);
        System.out.println("java " + System.getProperty("java.specification.version") + ": succeeded="
                + listener.getSummary().getTestsSucceededCount() + " failures=" + listener.getSummary().getFailures());
        System.exit(listener.getSummary().getTotalFailureCount() == 0 && listener.getSummary().getTestsSucceededCount() == 2 ? 0 : 1);
    }
}
