package dev.parallax.ui;

import dev.parallax.config.ParallaxConfig;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The insights service: alert evaluation and its webhook, placement recompute and the scheduled drift report, as a
 * process of its own, without the web front (no HTTP port but its {@code /metrics} on {@code insights.metrics.port},
 * 9406). It runs the same services as the UI, so the two never disagree on a figure; with several instances (or UI
 * replicas that keep {@code ui.insights=true}) the insights lease and the fenced alert log let one do the work.
 */
public final class InsightsMain {

    /** Set by this entry point only: the process is the headless insights service. */
    static final String HEADLESS = "insights.headless";

    /** Vaadin's web set-up, which needs a servlet context the headless service does not have. */
    private static final List<String> VAADIN_WEB = List.of(
            "com.vaadin.flow.spring.SpringBootAutoConfiguration", "com.vaadin.flow.spring.SpringSecurityAutoConfiguration",
            "com.vaadin.flow.spring.VaadinApplicationConfiguration", "com.vaadin.flow.spring.VaadinScopesConfig",
            "com.vaadin.flow.spring.VaadinServletConfiguration");

    private InsightsMain() {
    }

    public static void main(String[] args) {
        start(ParallaxConfig.load());
    }

    /** Starts the service with the given configuration; the returned context stops it. */
    public static ConfigurableApplicationContext start(ParallaxConfig config) {
        return ParallaxUi.start(config.with(HEADLESS, "true"), "--spring.main.web-application-type=none",
                "--spring.autoconfigure.exclude=" + String.join(",", VAADIN_WEB));
    }

    /** Whether this process is the insights service. */
    public static boolean headless(ParallaxConfig config) {
        return config.getBoolean(HEADLESS, false);
    }

    /** Whether this process does the insights work: the service always, a UI unless {@code ui.insights=false}. */
    static boolean runsHere(ParallaxConfig config) {
        return headless(config) || config.getBoolean("ui.insights", true);
    }
}
