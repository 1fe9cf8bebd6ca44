package dev.parallax.insights;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.metrics.MetricsEndpoint;
import dev.parallax.metrics.MetricsService;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The insights service: alert evaluation and its webhook, placement recompute and the scheduled drift report, as a
 * process of its own with no web front (no HTTP port but its {@code /metrics} on {@code insights.metrics.port},
 * 9406) and nothing of the UI on its classpath. The UI runs the same services ({@link Insights}), so the two never
 * disagree on a figure; with several instances (or UI replicas that keep {@code ui.insights=true}) the insights lease
 * and the fenced alert log let one do the work.
 */
@SpringBootApplication
public class InsightsMain {

    /** Set by this entry point only: the process is the headless insights service. */
    static final String HEADLESS = "insights.headless";

    public static void main(String[] args) {
        start(ParallaxConfig.load());
    }

    /** Starts the service with the given configuration; the returned context stops it. */
    public static ConfigurableApplicationContext start(ParallaxConfig config) {
        ParallaxConfig headless = config.with(HEADLESS, "true");
        SpringApplication app = new SpringApplication(InsightsMain.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setDefaultProperties(Map.of("spring.main.banner-mode", "off"));
        app.addInitializers(context -> {
            context.getBeanFactory().registerSingleton("parallaxConfig", headless);
            ((GenericApplicationContext) context).registerBean("insightsMetrics", MetricsEndpoint.class,
                    () -> MetricsEndpoint.start(headless, MetricsService.INSIGHTS, headless.get("ui.host", "127.0.0.1")),
                    definition -> definition.setDestroyMethodName("close"));
        });
        return app.run();
    }

    /** Whether this process does the insights work: the service always, a UI unless {@code ui.insights=false}. */
    static boolean runsHere(ParallaxConfig config) {
        return config.getBoolean(HEADLESS, false) || config.getBoolean("ui.insights", true);
    }
}
