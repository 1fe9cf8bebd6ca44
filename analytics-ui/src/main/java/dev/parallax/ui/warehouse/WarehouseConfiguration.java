package dev.parallax.ui.warehouse;

import com.clickhouse.jdbc.DataSourceImpl;
import dev.parallax.config.ParallaxConfig;
import java.util.Properties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The warehouse the UI reads, brought up to the contract's schema at start-up. */
@Configuration
public class WarehouseConfiguration {

    @Bean
    Warehouse warehouse(ParallaxConfig config) {
        return connect(config);
    }

    /**
     * The configured warehouse, migrated; for the command-line tools as for the UI. Its connections are plain
     * ones, not {@link dev.parallax.warehouse.Warehouse#connect}'s: those write VALUES inserts as RowBinary, which
     * needs every column bound as a parameter, and inserts here mix literals in.
     */
    public static Warehouse connect(ParallaxConfig config) {
        dev.parallax.warehouse.Warehouse.migrate(config);
        Properties properties = new Properties();
        properties.setProperty("user", config.clickhouseUser());
        properties.setProperty("password", config.clickhousePassword());
        return new Warehouse(new DataSourceImpl(config.clickhouseJdbcUrl(), properties));
    }
}
