package dev.parallax.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.theme.lumo.Lumo;
import dev.parallax.config.ParallaxConfig;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The analytics UI. Configuration comes from {@link ParallaxConfig} only (keys {@code ui.port}, {@code ui.host},
 * {@code ui.admin.user}, {@code ui.admin.password}, {@code ui.cookie.secure}, {@code ui.signin.*},
 * {@code clickhouse.*}, {@code kafka.bootstrap}); it is bridged
 * into Spring here so that no second configuration system exists.
 */
@SpringBootApplication
@EnableScheduling
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
        app.setDefaultProperties(Map.of(
                "server.port", Integer.toString(config.getInt(PORT, 8080)),
                "server.address", config.get("ui.host", "127.0.0.1"),
                "spring.main.banner-mode", "off",
                "vaadin.launch-browser", "false",
                // The session cookie is not sent along with requests other sites start (a link still works). Tomcat
                // marks it Secure by itself on a TLS request; ui.cookie.secure=true forces it (TLS ended by a proxy).
                "server.servlet.session.cookie.same-site", "lax",
                "server.servlet.session.cookie.http-only", "true",
                "server.servlet.session.cookie.secure", config.get("ui.cookie.secure", "false")));
        app.addInitializers(context -> context.getBeanFactory().registerSingleton("parallaxConfig", config));
        return app.run(args);
    }
}
