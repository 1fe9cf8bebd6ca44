package dev.parallax.ui;

import dev.parallax.clickhouse.EmbeddedClickHouse;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.ui.warehouse.Warehouse;
import dev.parallax.ui.warehouse.WarehouseConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real ClickHouse engine (the embedded server, a child JVM) for all tests of this module, migrated to the
 * contract's schema and stopped when the test run ends.
 */
public final class WarehouseFixture implements ExtensionContext.Store.CloseableResource {

    private static final String PASSWORD = "test-" + Long.toHexString(System.nanoTime());

    private final Path dir;
    private final EmbeddedClickHouse clickHouse;
    private final Warehouse warehouse;

    private WarehouseFixture() throws Exception {
        dir = Files.createTempDirectory("parallax-ui-test");
        clickHouse = EmbeddedClickHouse.builder(dir.resolve("clickhouse")).password(PASSWORD).start();
        warehouse = WarehouseConfiguration.connect(config(Map.of()));
    }

    public static WarehouseFixture get(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(WarehouseFixture.class, k -> {
                    try {
                        return new WarehouseFixture();
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot start ClickHouse for the UI tests", e);
                    }
                }, WarehouseFixture.class);
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    public Path dir() {
        return dir;
    }

    /** The configuration a UI instance needs to read this warehouse. */
    public ParallaxConfig config(Map<String, String> extra) {
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
