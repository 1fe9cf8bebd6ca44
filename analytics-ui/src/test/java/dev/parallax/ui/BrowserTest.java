package dev.parallax.ui;

import dev.parallax.process.LocalPorts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.ui.alerts.AlertCenter;
import dev.parallax.ui.alerts.AlertRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The UI in headless Chromium (Debian's, driven offline by Playwright) against a real ClickHouse with known
 * fleet data. Screenshots go to {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {

    private static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime());
    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    private static KafkaFixture kafka;
    private static ConfigurableApplicationContext app;
    private static Playwright playwright;
    private static BrowserContext browser;
    private static Page page;
    private static String url;
    private static Path screenshots;

    @BeforeAll
    static void start() throws IOException {
        Instant now = Instant.now();
        var w = warehouse.warehouse();
        FleetData.windows(w, now, "resnet-smoke", "EDGE", "pi5-hailo8l", 60, 100, 40, 11);
        FleetData.windows(w, now, "resnet-smoke", "CLOUD", "cloud-a10g", 60, 100, 8, 12);
        // An hour and a half ago, 4,321 of the EDGE key's events came too late for their windows.
        FleetData.lateWindow(w, now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(90)), "resnet-smoke",
                "resnet50", "EDGE", "pi5-hailo8l", 100, 40, 4_321, 4_421);
        FleetData.inference(w, now.minusSeconds(30), "resnet-smoke", "EDGE", "pi-lab-01", "pi5-hailo8l", 41, 12, 4);
        FleetData.inference(w, now.minusSeconds(20), "resnet-smoke", "CLOUD", "gpu-a10g-1", "cloud-a10g", 8, 150, 60);
        FleetData.divergenceWindow(w, now.minus(Duration.ofMinutes(30)), "resnet50", "INT8", "pi5-hailo8l", 300,
                0.02, 0.05, 0.995, 33);
        FleetData.episode(w, "pi-lab-01", "pi5-hailo8l", now.minus(Duration.ofMinutes(20)),
                now.minus(Duration.ofMinutes(15)), 84, 1.5);
        // The evaluator raises "silent" for it: a real alert, through the real alert topic.
        FleetData.deviceSample(w, now.minus(Duration.ofMinutes(12)), "pi-lab-07", "pi5-hailo8l", "EDGE", 61);
        kafka = new KafkaFixture();

        int port = LocalPorts.free();
        app = ParallaxUi.start(warehouse.config(Map.of(ParallaxUi.PORT, Integer.toString(port),
                "ui.admin.user", "admin", "ui.admin.password", PASSWORD,
                ParallaxConfig.KAFKA_BOOTSTRAP, kafka.bootstrap(), "ui.alerts.interval.seconds", "1")));
        url = "http://127.0.0.1:" + port;

        screenshots = Path.of(System.getProperty("parallax.test.screenshots", "target/screenshots"));
        Files.createDirectories(screenshots);
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launchPersistentContext(Files.createTempDirectory("chromium-profile"),
                new BrowserType.LaunchPersistentContextOptions()
                        .setExecutablePath(Path.of(System.getProperty("parallax.test.chromium", "/usr/bin/chromium")))
                        .setHeadless(true)
                        .setViewportSize(1400, 900)
                        .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                "--no-first-run")));
        page = browser.pages().isEmpty() ? browser.newPage() : browser.pages().getFirst();
        page.setDefaultTimeout(30_000);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (app != null) app.close();
        if (kafka != null) kafka.close();
    }

    private static void shot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve(name + ".png")).setFullPage(true));
    }

    @Test
    @Order(1)
    void nothingIsReachableWithoutSigningIn() {
        page.navigate(url + "/tests/resnet-smoke");
        page.waitForURL("**/login");
        page.locator("vaadin-login-form input[name=password]").waitFor();
        assertTrue(page.locator("#devices").count() == 0, "no fleet data shown before signing in");
        shot("01-login");
    }

    @Test
    @Order(2)
    void aWrongPasswordIsRefused() {
        page.navigate(url + "/login");
        page.locator("input[name=username]").fill("admin");
        page.locator("input[name=password]").fill("not-the-password");
        page.locator("vaadin-button[slot=submit], button[type=submit]").first().click();
        page.waitForURL("**/login?error");
        page.locator("vaadin-login-form[error]").waitFor();
        shot("02-refused");
    }

    @Test
    @Order(3)
    void signInOpensTheOverviewPopulatedFromTheWarehouse() {
        page.navigate(url + "/login");
        page.locator("input[name=username]").fill("admin");
        page.locator("input[name=password]").fill(PASSWORD);
        page.locator("vaadin-button[slot=submit], button[type=submit]").first().click();
        page.waitForURL(u -> !u.contains("/login"));
        silentAlert();
        page.navigate(url + "/");
        page.locator("#tests").waitFor();
        String devices = page.locator("#devices").innerText();
        assertTrue(devices.contains("pi-lab-01") && devices.contains("gpu-a10g-1"), devices);
        assertTrue(page.locator("#open-alerts").innerText().contains("pi-lab-07 (pi5-hailo8l) silent for 12 min"));
        assertTrue(page.locator("#tests").innerText().contains("resnet-smoke"));
        shot("03-overview");
    }

    @Test
    @Order(4)
    void aTestPageRendersEdgeAndCloudLatencyCharts() {
        page.navigate(url + "/tests/resnet-smoke");
        for (String tier : List.of("edge", "cloud")) {
            page.locator("#latency-" + tier + "[data-rendered=true] canvas").waitFor();
        }
        for (String chart : List.of("divergence-flip", "divergence-kl", "divergence-sqnr", "divergence-cosine",
                "throttle-timeline")) {
            page.locator("#" + chart + "[data-rendered=true] canvas").waitFor();
        }
        assertEquals(7, page.locator("parallax-echart canvas").count());
        String energy = page.locator("#energy").innerText();
        assertTrue(energy.contains("INT8") && energy.contains("pi5-hailo8l"), energy);
        assertTrue(page.locator("#throttle-episodes").innerText().contains("1.50×"));
        String keys = page.locator("#latency-keys").innerText();
        assertTrue(keys.contains("Too late (beyond the horizon)") && keys.contains("4,321"), keys);
        shot("04-test-page");
    }

    @Test
    @Order(5)
    void acknowledgingAnAlertChangesItLive() {
        AlertRow alert = silentAlert();
        page.navigate(url + "/alerts");
        page.locator("#active-alerts").waitFor();
        assertTrue(page.locator("#active-alerts").innerText().contains("pi-lab-07 (pi5-hailo8l) silent"));
        shot("05-alerts");
        page.locator("#ack-" + alert.alertId()).click();
        page.waitForCondition(() -> page.locator("#active-alerts").innerText().contains("admin at"));
        AlertRow acknowledged = app.getBean(AlertCenter.class).active().stream()
                .filter(a -> a.alertId().equals(alert.alertId())).findFirst().orElseThrow();
        assertEquals("ACKNOWLEDGED", acknowledged.state());
        assertEquals("admin", acknowledged.acknowledgedBy());
        assertTrue(page.locator("#ack-" + alert.alertId()).isDisabled(), "acknowledged once");
        shot("06-alert-acknowledged");
    }

    @Test
    @Order(6)
    void aReportIsGeneratedListedAndDownloaded() throws IOException {
        page.navigate(url + "/reports");
        page.locator("#generate-report").click();
        Locator link = page.locator("#reports a[id^=download-]").first();
        link.waitFor();
        shot("07-reports");
        Download download = page.waitForDownload(link::click);
        Path file = screenshots.resolve("downloaded-report.html");
        download.saveAs(file);
        assertTrue(download.suggestedFilename().endsWith(".html"), download.suggestedFilename());
        String html = Files.readString(file);
        assertTrue(html.contains("Parallax drift report") && html.contains("<h3>resnet-smoke</h3>")
                && html.contains("<svg"), "the downloaded report covers the fleet");
    }

    /** The silent-device alert of pi-lab-07, once the background evaluator has raised it. */
    private static AlertRow silentAlert() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var found = app.getBean(AlertCenter.class).active().stream()
                    .filter(a -> a.alertKey().equals("device=pi-lab-07")).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            page.waitForTimeout(200);
        }
        throw new AssertionError("the evaluator did not raise the silent-device alert of pi-lab-07");
    }
}
