package dev.parallax.ui;

import dev.parallax.clickhouse.EmbeddedClickHouse;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.ui.warehouse.Warehouse;
import dev.parallax.ui.warehouse.WarehouseConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real ClickHouse engine (the embedded server, a child JVM) for all tests of this module, migrated to the
 * contract's schema and stopped when the test run ends. A test class registers it as a static field,
 * {@code @RegisterExtension static final WarehouseFixture warehouse = new WarehouseFixture();}, which is ready
 * from its {@code @BeforeAll} methods on.
 */
public final class WarehouseFixture implements BeforeAllCallback {

    private Engine engine;

    @Override
    public void beforeAll(ExtensionContext context) {
        engine = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Engine.class, k -> {
                    try {
                        return new Engine();
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot start ClickHouse for the UI tests", e);
                    }
                }, Engine.class);
    }

    public Warehouse warehouse() {
        return engine.warehouse;
    }

    /** The configuration a UI instance needs to read this warehouse. */
    public ParallaxConfig config(Map<String, String> extra) {
        return engine.config(extra);
    }

    private static final class Engine implements ExtensionContext.Store.CloseableResource {

        private static final String PASSWORD = "test-" + Long.toHexString(System.nanoTime());

        private final EmbeddedClickHouse clickHouse;
        private final Warehouse warehouse;

        Engine() throws Exception {
            Path dir = Files.createTempDirectory("parallax-ui-test");
            clickHouse = EmbeddedClickHouse.builder(dir.resolve("clickhouse")).password(PASSWORD).start();
            warehouse = WarehouseConfiguration.connect(config(Map.of()));
        }

        ParallaxConfig config(Map<String, String> extra) {
            Map<String, String> values = new HashMap<>(Map.of(
                    ParallaxConfig.CLICKHOUSE_URL, clickHouse.httpUrl(),
                    ParallaxConfig.CLICKHOUSE_USER, clickHouse.user(),
                    ParallaxConfig.CLICKHOUSE_PASSWORD, clickHouse.password()));
            values.putAll(extra);
            return ParallaxConfig.of(values);
        }

        @Override
        public void close() {
            clickHouse.close();
        }
    }
}
