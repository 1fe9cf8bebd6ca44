package dev.parallax.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.theme.lumo.Lumo;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.insights.Insights;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The analytics UI. Configuration comes from {@link ParallaxConfig} only (keys {@code ui.port}, {@code ui.host},
 * {@code ui.admin.user}, {@code ui.admin.password}, {@code ui.cookie.secure}, {@code ui.signin.*},
 * {@code clickhouse.*}, {@code kafka.bootstrap}, {@code kafka.client.*}); it is bridged
 * into Spring here so that no second configuration system exists. It shows what the insights services compute
 * ({@link Insights}) and takes people's actions; it runs their background work too unless {@code ui.insights=false}.
 */
@SpringBootApplication
@Import(Insights.class)
@Push
@StyleSheet(Lumo.STYLESHEET)
public class ParallaxUi implements AppShellConfigurator {

    public static final String PORT = "ui.port";

    public static void main(String[] args) {
        start(ParallaxConfig.load(), args);
    }

    /** Starts the UI with the given configuration; the returned context stops it. */
    public static ConfigurableApplicationContext start(ParallaxConfig config, String... args) {
        SpringApplication app = new SpringApplication(ParallaxUi.class);
        app.setDefaultProperties(Map.ofEntries(
                Map.entry("server.port", Integer.toString(config.getInt(PORT, 8080))),
                Map.entry("server.address", config.get("ui.host", "127.0.0.1")),
                Map.entry("spring.main.banner-mode", "off"),
                Map.entry("vaadin.launch-browser", "false"),
                // The session cookie is not sent along with requests other sites start (a link still works). Tomcat
                // marks it Secure by itself on a TLS request; ui.cookie.secure=true forces it (TLS ended by a proxy).
                Map.entry("server.servlet.session.cookie.same-site", "lax"),
                Map.entry("server.servlet.session.cookie.http-only", "true"),
                Map.entry("server.servlet.session.cookie.secure", config.get("ui.cookie.secure", "false")),
                // A client that opens connections and sends nothing, or sends a request slowly, is cut off rather
                // than holding connections and threads: ui.connection.timeout.seconds (10) to send a request's head
                // and each part of its body, ui.keepalive.timeout.seconds (20) idle between requests, at most
                // ui.max.connections (1,000) at once, 16 KiB of headers, 1 MiB of form or unread body.
                Map.entry("server.tomcat.connection-timeout", config.getInt("ui.connection.timeout.seconds", 10) + "s"),
                Map.entry("server.tomcat.keep-alive-timeout", config.getInt("ui.keepalive.timeout.seconds", 20) + "s"),
                Map.entry("server.tomcat.max-connections", Integer.toString(config.getInt("ui.max.connections", 1_000))),
                Map.entry("server.max-http-request-header-size", "16KB"),
                Map.entry("server.tomcat.max-http-form-post-size", "1MB"),
                Map.entry("server.tomcat.max-swallow-size", "1MB")));
        app.addInitializers(context -> context.getBeanFactory().registerSingleton("parallaxConfig", config));
        return app.run(args);
    }
}
