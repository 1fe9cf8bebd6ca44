package dev.parallax.ui.warehouse;

import com.clickhouse.jdbc.DataSourceImpl;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.warehouse.Migrator;
import java.sql.SQLException;
import java.util.Properties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The warehouse the UI reads, brought up to the contract's schema at start-up. */
@Configuration
public class WarehouseConfiguration {

    @Bean
    Warehouse warehouse(ParallaxConfig config) throws SQLException {
        return connect(config);
    }

    /** The configured warehouse, migrated; for the command-line tools as for the UI. */
    public static Warehouse connect(ParallaxConfig config) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", config.clickhouseUser());
        properties.setProperty("password", config.clickhousePassword());
        DataSourceImpl dataSource = new DataSourceImpl(config.clickhouseJdbcUrl(), properties);
        Migrator.warehouse().migrate(dataSource);
        return new Warehouse(dataSource);
    }
}
