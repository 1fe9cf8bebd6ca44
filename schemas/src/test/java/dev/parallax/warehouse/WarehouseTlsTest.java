package dev.parallax.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.clickhouse.EmbeddedClickHouse;
import dev.parallax.clickhouse.http.ServerTls;
import dev.parallax.config.ClickHouseRole;
import dev.parallax.config.ParallaxConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ClickHouse over TLS, as a production server is reached: the services' connections (migrator, sink, reader) over
 * HTTPS with the server's CA given as {@code clickhouse.client.sslrootcert}, on the real engine behind a front
 * that serves HTTPS from a PKCS12 key store made here by the JDK's keytool. Without the CA the driver refuses the
 * server, and plain HTTP to the port gets no answer.
 */
class WarehouseTlsTest {

    private static final String STORE_PASSWORD = "store-secret";

    @TempDir
    static Path dir;
    static EmbeddedClickHouse clickhouse;
    static Path caPem;

    @BeforeAll
    static void start() throws Exception {
        Path keyStore = dir.resolve("server.p12");
        caPem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "clickhouse", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "clickhouse", "-keystore", keyStore.toString(),
                "-storepass", STORE_PASSWORD, "-file", caPem.toString());
        clickhouse = EmbeddedClickHouse.builder(dir.resolve("data")).password("owner-secret")
                .tls(new ServerTls(keyStore, STORE_PASSWORD)).start();
    }

    @AfterAll
    static void stop() {
        if (clickhouse != null) clickhouse.close();
    }

    @Test
    void servicesMigrateWriteAndReadOverTlsWithTheServersCa() throws SQLException {
        assertTrue(clickhouse.httpUrl().startsWith("https://"), clickhouse.httpUrl());
        ParallaxConfig config = config(Map.of(Warehouse.CLIENT_PREFIX + "sslrootcert", caPem.toString()));
        Warehouse.migrate(config);
        try (Connection connection = Warehouse.connect(config, ClickHouseRole.SINK);
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO `parallax`.`dead_letters` (`dead_letter_id`, `received_at`, `source`, `topic`,"
                    + " `partition`, `offset`, `reason`, `raw`) VALUES ('tls-1', now64(3), 'test', 't', 0, 1, 'r', 'x')");
        }
        try (Connection connection = Warehouse.connect(config, ClickHouseRole.READER);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count() FROM `parallax`.`dead_letters` WHERE dead_letter_id = 'tls-1'")) {
            assertTrue(rows.next());
            assertEquals(1, rows.getLong(1));
        }
    }

    @Test
    void withoutTheCaTheDriverRefusesTheServer() {
        ParallaxConfig config = config(Map.of());
        SQLException refused = assertThrows(SQLException.class, () -> {
            try (Connection connection = Warehouse.connect(config, ClickHouseRole.READER);
                 Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT 1").close();
            }
        });
        assertTrue(causes(refused).contains("certification path") || causes(refused).contains("PKIX"), causes(refused));
    }

    @Test
    void plainHttpToTheTlsPortGetsNoAnswer() {
        HttpClient http = HttpClient.newBuilder().build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + clickhouse.port() + "/ping")).build();
        assertThrows(IOException.class, () -> http.send(ping, HttpResponse.BodyHandlers.ofString()));
    }

    /** Every role as the owner, so the migrator and grants need no setup of their own here. */
    private static ParallaxConfig config(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(extra);
        values.put(ParallaxConfig.CLICKHOUSE_URL, clickhouse.httpUrl());
        values.put(ParallaxConfig.CLICKHOUSE_USER, clickhouse.user());
        values.put(ParallaxConfig.CLICKHOUSE_PASSWORD, clickhouse.password());
        return ParallaxConfig.of(values);
    }

    private static String causes(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) text.append(t).append(" <- ");
        return text.toString();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool hung");
        assertEquals(0, process.exitValue(), "keytool " + String.join(" ", args) + ": " + output);
    }
}
