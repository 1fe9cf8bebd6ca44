package dev.parallax.launcher;

import dev.parallax.config.ClickHouseLogin;
import dev.parallax.config.ClickHouseRole;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.metrics.MetricsService;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the stack's services listen and how to sign in to them, as the environment variables users export. */
record Endpoints(Map<String, String> variables) {

    static Endpoints of(ParallaxConfig config) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("PARALLAX_KAFKA_BOOTSTRAP", config.kafkaBootstrap());
        variables.put("PARALLAX_CLICKHOUSE_URL", config.clickhouseUrl());
        variables.put("PARALLAX_CLICKHOUSE_JDBC", config.clickhouseJdbcUrl());
        // For ad-hoc queries: the read-only user (the shared clickhouse.user when no reader of its own is configured).
        ClickHouseLogin reader = config.clickhouseLogin(ClickHouseRole.READER);
        variables.put("PARALLAX_CLICKHOUSE_USER", reader.user());
        variables.put("PARALLAX_CLICKHOUSE_PASSWORD", reader.password());
        variables.put("PARALLAX_COLLECTOR_URL", LocalStack.collectorUrl(config));
        config.find(LocalStack.DEMO_DEVICE_TOKEN).ifPresent(token -> variables.put("PARALLAX_DEVICE_TOKEN", token));
        if (LocalStack.uiEnabled(config)) {
            variables.put("PARALLAX_UI_URL", LocalStack.uiUrl(config));
            variables.put("PARALLAX_UI_USER", config.get("ui.admin.user", "admin"));
            config.find(LocalStack.UI_ADMIN_PASSWORD).ifPresent(password -> variables.put("PARALLAX_UI_PASSWORD", password));
        }
        for (MetricsService service : LocalStack.metered(config)) {
            variables.put("PARALLAX_METRICS_" + service.name(), LocalStack.metricsUrl(config, service));
        }
        return new Endpoints(variables);
    }

    /** {@code export NAME='value'} lines, safe to {@code eval} in a POSIX shell. */
    String asShell() {
        StringBuilder out = new StringBuilder();
        variables.forEach((name, value) ->
                out.append("export ").append(name).append("='").append(value.replace("'", "'\\''")).append("'\n"));
        return out.toString();
    }
}
