package dev.parallax.insights.warehouse;

import com.clickhouse.jdbc.DataSourceImpl;
import dev.parallax.config.ClickHouseLogin;
import dev.parallax.config.ClickHouseRole;
import dev.parallax.config.ParallaxConfig;
import java.util.Properties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The warehouse the UI reads, as the UI's ClickHouse user: it reads and writes the tables of its users' actions, and
 * changes no schema (the launcher migrates, as the migrator, before it starts the UI).
 */
@Configuration
public class WarehouseConfiguration {

    @Bean
    Warehouse warehouse(ParallaxConfig config) {
        return connect(config, ClickHouseRole.UI);
    }

    /**
     * The configured warehouse as {@code role}'s user; for the command-line tools as for the UI. Its connections
     * are plain ones, not {@link dev.parallax.warehouse.Warehouse#connect}'s: those write VALUES inserts as
     * RowBinary, which needs every column bound as a parameter, and inserts here mix literals in.
     */
    public static Warehouse connect(ParallaxConfig config, ClickHouseRole role) {
        ClickHouseLogin login = config.clickhouseLogin(role);
        Properties properties = new Properties();
        properties.setProperty("user", login.user());
        properties.setProperty("password", login.password());
        return new Warehouse(new DataSourceImpl(config.clickhouseJdbcUrl(), properties));
    }
}
