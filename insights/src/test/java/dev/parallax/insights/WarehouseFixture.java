package dev.parallax.insights;

import dev.parallax.clickhouse.EmbeddedClickHouse;
import dev.parallax.config.ClickHouseLogin;
import dev.parallax.config.ClickHouseRole;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.insights.warehouse.Warehouse;
import dev.parallax.insights.warehouse.WarehouseConfiguration;
import java.util.HashMap;
import java.util.List;
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

    /** The warehouse as its owner, who may write every table: for setting up a test's data. */
    public Warehouse warehouse() {
        return engine.warehouse;
    }

    /**
     * The configuration a UI instance needs to read this warehouse: the UI and the tools connect as the users of
     * their roles (ui, reader, sink), held to the same grants as on the local stack.
     */
    public ParallaxConfig config(Map<String, String> extra) {
        return engine.config(extra);
    }

    private static final class Engine implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        private static final String PASSWORD = "test-" + Long.toHexString(System.nanoTime());
        private static final List<ClickHouseRole> ROLES =
                List.of(ClickHouseRole.UI, ClickHouseRole.READER, ClickHouseRole.SINK);

        private final ScratchDirectory dir = ScratchDirectory.create("parallax-ui-test");
        private final EmbeddedClickHouse clickHouse;
        private final Warehouse warehouse;

        Engine() throws Exception {
            EmbeddedClickHouse.Builder builder = EmbeddedClickHouse.builder(dir.path().resolve("clickhouse"))
                    .password(PASSWORD);
            for (ClickHouseRole role : ROLES) {
                builder.role(role, new ClickHouseLogin(role.roleName(), rolePassword(role)));
            }
            clickHouse = builder.start();
            ParallaxConfig owner = ownerConfig();
            dev.parallax.warehouse.Warehouse.migrate(owner);
            warehouse = WarehouseConfiguration.connect(owner, ClickHouseRole.UI);
        }

        /** Only the owner's user: every role falls back to it. */
        private ParallaxConfig ownerConfig() {
            return ParallaxConfig.of(Map.of(
                    ParallaxConfig.CLICKHOUSE_URL, clickHouse.httpUrl(),
                    ParallaxConfig.CLICKHOUSE_USER, clickHouse.user(),
                    ParallaxConfig.CLICKHOUSE_PASSWORD, clickHouse.password()));
        }

        ParallaxConfig config(Map<String, String> extra) {
            Map<String, String> values = new HashMap<>(Map.of(ParallaxConfig.CLICKHOUSE_URL, clickHouse.httpUrl()));
            for (ClickHouseRole role : ROLES) values.put(role.passwordKey(), rolePassword(role));
            values.putAll(extra);
            return ParallaxConfig.of(values);
        }

        private static String rolePassword(ClickHouseRole role) {
            return PASSWORD + "-" + role.roleName();
        }

        @Override
        public void close() {
            try {
                clickHouse.close();
            } finally {
                dir.close();
            }
        }
    }
}
