package dev.parallax.launcher;

import dev.parallax.config.ParallaxConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the stack's services listen and how to sign in to them, as the environment variables users export. */
record Endpoints(Map<String, String> variables) {

    static Endpoints of(ParallaxConfig config) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("PARALLAX_KAFKA_BOOTSTRAP", config.kafkaBootstrap());
        variables.put("PARALLAX_CLICKHOUSE_URL", config.clickhouseUrl());
        variables.put("PARALLAX_CLICKHOUSE_JDBC", config.clickhouseJdbcUrl());
        variables.put("PARALLAX_CLICKHOUSE_USER", config.clickhouseUser());
        variables.put("PARALLAX_CLICKHOUSE_PASSWORD", config.clickhousePassword());
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
