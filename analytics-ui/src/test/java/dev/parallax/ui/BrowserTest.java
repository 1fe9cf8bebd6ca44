package dev.parallax.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.parallax.insights.FleetData;
import dev.parallax.insights.RawNumbers;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.alerts.AlertCenter;
import dev.parallax.insights.alerts.AlertRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final String VIEWER_PASSWORD = "viewer-" + Long.toHexString(System.nanoTime());
    private static final String OPERATOR_PASSWORD = "operator-" + Long.toHexString(System.nanoTime());
    /** Messages of the browser's console that tell of a Content-Security-Policy violation. */
    private static final List<String> cspViolations = new CopyOnWriteArrayList<>();
    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    @RegisterExtension
    static final BrowserFixture ui = new BrowserFixture();
    private static ConfigurableApplicationContext app;
    private static Chromium chromium;
    private static Page page;
    private static String url;
    private static Path screenshots;
    /** The UI's turns per client address here (ui.max.requests.per.client). */
    private static final int TURNS_PER_ADDRESS = 32;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /** A chart's y-axis as drawn, [min, max], and its tolerance line's value. */
    private static final String AXIS_AND_TOLERANCE = """
            el => [...el._chart.getModel().getComponent('yAxis', 0).axis.scale.getExtent(),
                   JSON.parse(el.option).series.find(s => s.name === 'tolerance').markLine.data[0].yAxis]""";
    /** Saturated pixels (a series' colour, not the grey of grid lines) within 4 px of the first series' first point. */
    private static final String COLORED_PIXELS_AT_FIRST_POINT = """
            el => {
              const [x, y] = el._chart.convertToPixel({seriesIndex: 0}, JSON.parse(el.option).series[0].data[0].value);
              const canvas = el.querySelector('canvas');
              const scale = canvas.width / canvas.clientWidth;
              const px = canvas.getContext('2d').getImageData(Math.round((x - 4) * scale), Math.round((y - 4) * scale),
                  Math.round(9 * scale), Math.round(9 * scale)).data;
              let colored = 0;
              for (let i = 0; i < px.length; i += 4) {
                const [r, g, b, a] = px.slice(i, i + 4);
                if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) colored++;
              }
              return colored;
            }""";

    @BeforeAll
    static void start() throws IOException {
        Instant now = Instant.now();
        var w = warehouse.warehouse();
        FleetData.windows(w, now, "resnet-smoke", "EDGE", "pi5-hailo8l", 60, 100, 40, 11);
        FleetData.windows(w, now, "resnet-smoke", "CLOUD", "cloud-a10g", 60, 100, 8, 12);
        // An LLM test: 400 generations per tier, enough for an interval on each p99. They end at the minute's start:
        // a page leaves out the minute still running, which would cut up to 59 of them, and the interval with them.
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        FleetData.generations(w, minute, "llm-chat", "EDGE", "pi5-hailo8l", 400, 300, 4000, 128, 5200);
        FleetData.generations(w, minute, "llm-chat", "CLOUD", "cloud-a10g", 400, 60, 1000, 128, 16000);
        // A test with a single window in range: one point per line, which must show.
        FleetData.windows(w, now, "one-window", "EDGE", "pi5-hailo8l", 1, 50, 30, 14);
        // An hour and a half ago, 4,321 of the EDGE key's events came too late for their windows.
        FleetData.lateWindow(w, now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(90)), "resnet-smoke",
                "resnet50", "EDGE", "pi5-hailo8l", 100, 40, 4_321, 4_421);
        // Two minutes ago, so in a whole minute before any page's range ends (ranges end on the minute): the
        // device's episode and energy figures show for the test whenever the page is opened.
        FleetData.inference(w, now.minusSeconds(120), "resnet-smoke", "EDGE", "pi-lab-01", "pi5-hailo8l", 41, 12, 4);
        FleetData.inference(w, now.minusSeconds(110), "resnet-smoke", "CLOUD", "gpu-a10g-1", "cloud-a10g", 8, 150, 60);
        FleetData.divergenceWindow(w, now.minus(Duration.ofMinutes(30)), "resnet50", "INT8", "pi5-hailo8l", 300,
                0.02, 0.05, 0.995, 33);
        FleetData.episode(w, "pi-lab-01", "pi5-hailo8l", now.minus(Duration.ofMinutes(20)),
                now.minus(Duration.ofMinutes(15)), 84, 1.5);
        // The evaluator raises "silent" for it: a real alert, through the real alert topic.
        FleetData.deviceSample(w, now.minus(Duration.ofMinutes(12)), "pi-lab-07", "pi5-hailo8l", "EDGE", 61);
        // Two records rejected for one kind of reason: one row on the alerts page.
        FleetData.deadLetter(w, now.minus(Duration.ofMinutes(3)), "length mismatch: reference has 10 outputs, candidate 12");
        FleetData.deadLetter(w, now.minus(Duration.ofMinutes(2)), "length mismatch: reference has 5 outputs, candidate 6");
        // A fleet larger than a screen: its table must not push the alerts and tests out of view.
        for (int i = 0; i < 40; i++) {
            FleetData.deviceSample(w, now.minusSeconds(40), "rack-pi-%02d".formatted(i), "pi5-hailo8l", "EDGE", 55);
        }
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "ui.admin.user", "admin", "ui.admin.password", PASSWORD,
                "ui.viewer.user", "vera", "ui.viewer.password", VIEWER_PASSWORD,
                "ui.operator.user", "olga", "ui.operator.password", OPERATOR_PASSWORD,
                // Every test signs in from 127.0.0.1: only the per-user lock is exercised here (the per-address one
                // in SignInThrottleTest).
                "ui.signin.address.limit", "1000",
                "ui.alerts.interval.seconds", "1"));
        // Short, so that the slow-client step sees idle connections cut off within the test.
        settings.put("ui.connection.timeout.seconds", "2");
        // Fewer turns per address than the default and a short wait, so that the flooding-address step is refused
        // within the test; still well above what the browser's page, its module preloads and push hold at once.
        settings.put("ui.max.requests.per.client", Integer.toString(TURNS_PER_ADDRESS));
        settings.put("ui.request.wait.seconds", "1");
        // The placement page does not wait for advice computed for a range: it shows it as being computed, then the
        // advice when done (a range of days at a large fleet takes seconds).
        settings.put("ui.placement.wait.millis", "0");
        ui.start(warehouse, settings);
        app = ui.app();
        url = ui.url();
        chromium = ui.chromium();
        page = chromium.page();
        screenshots = chromium.screenshots();
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) cspViolations.add(message.text());
        });
    }

    private static void shot(String name) {
        chromium.shot(name);
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
        assertTrue(page.locator("#open-alerts").innerText().contains("pi-lab-07 (pi5-hailo8l) silent for "));
        String tests = page.locator("#tests").innerText();
        // 60 windows of 100 on each tier, and one of 100 on the edge 90 minutes ago: the same on every page.
        assertTrue(tests.contains("resnet-smoke") && tests.contains("12,100"), tests);
        double alertsAt = page.locator("#open-alerts").boundingBox().y;
        double testsAt = page.locator("#tests").boundingBox().y;
        assertTrue(alertsAt < testsAt && testsAt < page.locator("#devices").boundingBox().y,
                "alerts, then tests, then the fleet");
        assertTrue(page.locator("#devices").boundingBox().height < 500, "the fleet scrolls inside its table");
        int height = ((Number) page.evaluate("document.documentElement.scrollHeight")).intValue();
        assertTrue(height < 2000, "the overview is " + height + " px tall");
        RawNumbers.assertNone(page.locator("body").innerText());
        shot("03-overview");
        page.locator("#device-search input").fill("gpu-a10g");
        page.waitForCondition(() -> !page.locator("#devices").innerText().contains("rack-pi-01"));
        assertTrue(page.locator("#devices").innerText().contains("gpu-a10g-1"));
        shot("03b-overview-device-search");
    }

    @Test
    @Order(4)
    void everyTableExportsTheRowsItShowsAsCsv() throws IOException {
        page.navigate(url + "/");
        page.locator("#tests").waitFor();
        List<List<String>> tests = chromium.downloadCsv("tests");
        assertEquals(List.of("Test", "Current tier", "Inferences", "Recommended", "Why"), tests.getFirst());
        String shown = page.locator("#tests").innerText();
        assertTrue(page.getByText("Tests (" + (tests.size() - 1) + ")").isVisible(), "one line per test listed");
        for (List<String> row : tests.subList(1, tests.size())) {
            row.forEach(cell -> assertTrue(shown.contains(cell), "the grid shows " + cell + ": " + shown));
        }
        List<String> smoke = tests.stream().filter(row -> row.getFirst().equals("resnet-smoke")).findFirst().orElseThrow();
        assertEquals("12,100", smoke.get(2), "the overview's count, as shown: " + smoke);

        page.locator("#device-search input").fill("gpu-a10g");
        page.waitForCondition(() -> !page.locator("#devices").innerText().contains("rack-pi-01"));
        List<List<String>> devices = chromium.downloadCsv("devices");
        assertEquals(2, devices.size(), "the header and the one device the search leaves: " + devices);
        assertEquals(List.of("gpu-a10g-1", "cloud-a10g", "CLOUD"), devices.get(1).subList(0, 3));
    }

    @Test
    @Order(5)
    void aTestPageRendersEdgeAndCloudLatencyCharts() {
        assertEquals(200, page.navigate(url + "/tests/resnet-smoke").status());
        for (String chart : List.of("latency", "divergence-flip", "divergence-kl", "divergence-sqnr",
                "divergence-cosine", "throttle-timeline")) {
            page.locator("#" + chart + "[data-rendered=true] canvas").waitFor();
        }
        assertEquals(6, page.locator("parallax-echart canvas").count());
        String series = (String) page.locator("#latency").evaluate(
                "el => JSON.parse(el.option).series.map(s => s.name).join(',')");
        assertTrue(series.contains("EDGE p99") && series.contains("CLOUD p99"), "edge and cloud on one chart: " + series);
        // The tooltip of a point: the real percentiles with their intervals, not "-".
        page.locator("#latency").evaluate("el => el._chart.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 1})");
        page.waitForCondition(() -> page.locator("#latency").innerText().contains("EDGE p50: "));
        String tip = page.locator("#latency").innerText();
        assertTrue(tip.matches("(?s).*EDGE p50: [\\d.]+ ms \\(95 % CI [\\d.]+ – [\\d.]+\\).*"), tip);
        shot("04a-latency-tooltip");
        for (String chart : List.of("divergence-flip", "divergence-sqnr", "divergence-cosine")) {
            @SuppressWarnings("unchecked")
            List<Number> axis = (List<Number>) page.locator("#" + chart).evaluate(AXIS_AND_TOLERANCE);
            double min = axis.get(0).doubleValue();
            double max = axis.get(1).doubleValue();
            double tolerance = axis.get(2).doubleValue();
            assertTrue(min <= tolerance && tolerance <= max, chart + ": tolerance " + tolerance + " outside " + axis);
            if (chart.equals("divergence-cosine")) {
                assertTrue(max <= 1, "a cosine axis ends at 1: " + axis);
            }
        }
        String energy = page.locator("#energy").innerText();
        assertTrue(energy.contains("INT8") && energy.contains("pi5-hailo8l"), energy);
        assertTrue(page.locator("#throttle-episodes").innerText().contains("1.5×"));
        // The timeline's series are device classes; a point's tooltip names its device.
        assertEquals("pi5-hailo8l: pi-lab-01: 1.5×", page.locator("#throttle-timeline").evaluate(
                "el => JSON.parse(el.option).series.filter(s => s.type === 'scatter')"
                        + ".map(s => s.name + ': ' + s.data.map(d => d.tip).join()).join()"));
        String keys = page.locator("#latency-keys").innerText();
        assertTrue(keys.contains("Too late (beyond the horizon)") && keys.contains("4,321"), keys);
        assertTrue(keys.contains("6,100") && keys.contains("6,000"), "the overview's 12,100, per tier: " + keys);
        assertTrue(keys.matches("(?s).*[\\d.]+ ms \\(95 % CI [\\d.]+ – [\\d.]+\\).*"), "p99 of 6,000 with its interval: " + keys);
        assertEquals(0, page.locator("#generation").count(), "no LLM section for a test that generates no tokens");
        RawNumbers.assertNone(page.locator("body").innerText());
        shot("04-test-page");
    }

    /**
     * Drill-down with the mouse, as a person does it: a click on a latency point opens the hour around it; back, then
     * a range brushed along the time axis becomes the page's range. Both land in the URL. Between them, a zoom in place
     * and its undoing.
     */
    @Test
    @Order(5)
    void aClickedPointAndABrushedRangeOpenTheirPartOfTheRange() {
        page.navigate(url + "/tests/resnet-smoke");
        Locator chart = page.locator("#latency[data-rendered=true]");
        chart.locator("canvas").waitFor();
        var box = chart.boundingBox();
        @SuppressWarnings("unchecked")
        List<Number> point = (List<Number>) chart.evaluate(
                "el => el._chart.convertToPixel({seriesIndex: 0}, el._chart.getOption().series[0].data[1].value)");
        page.mouse().click(box.x + point.get(0).doubleValue(), box.y + point.get(1).doubleValue());
        page.waitForURL(Pattern.compile(".*/tests/resnet-smoke\\?from=.*"));
        Instant from = Instant.parse(query("from"));
        Instant to = Instant.parse(query("to"));
        assertEquals(Duration.ofHours(1), Duration.between(from, to), "the hour around the point: " + page.url());
        page.locator("#latency[data-rendered=true] canvas").waitFor();
        shot("04c-point-drilled");

        page.goBack();
        page.waitForURL(Pattern.compile(".*/tests/resnet-smoke$"));
        // The server's answer to going back redraws the day: navigating while it is on its way, the answer's
        // history update cancels the navigation (net::ERR_ABORTED).
        page.waitForFunction("() => { const el = document.querySelector('#latency[data-rendered=true]');"
                + " if (!el) return false; const x = JSON.parse(el.option).xAxis; return x.max - x.min > 3600000; }");

        // A fresh load for the brush: after back, the drilled page's chart may still be on screen until it is replaced.
        page.navigate(url + "/tests/resnet-smoke");
        page.waitForLoadState(LoadState.NETWORKIDLE);
        chart = page.locator("#latency[data-rendered=true]");
        chart.locator("canvas").waitFor();
        box = chart.boundingBox();
        // Zoomed in place, the time axis spans a fifth of the day; restored, the whole day again.
        String span = "el => { const [min, max] = el._chart.getModel().getComponent('xAxis').axis.scale.getExtent();"
                + " return (max - min) / 3600000; }";
        double day = ((Number) chart.evaluate(span)).doubleValue();
        chart.evaluate("el => el._chart.dispatchAction({type: 'dataZoom', start: 40, end: 60})");
        double zoomed = ((Number) chart.evaluate(span)).doubleValue();
        assertTrue(Math.abs(zoomed - day / 5) < 0.5, "zoomed to " + zoomed + " h of " + day);
        chart.evaluate("el => el._chart.dispatchAction({type: 'restore'})");
        page.waitForFunction("() => document.querySelector('#latency[data-rendered=true]') !== null");
        assertEquals(day, ((Number) chart.evaluate(span)).doubleValue(), 0.01, "restored");
        chart.evaluate("el => el._chart.dispatchAction({type: 'takeGlobalCursor', key: 'brush',"
                + " brushOption: {brushType: 'lineX', brushMode: 'single'}})");
        double y = box.y + box.height / 2;
        page.mouse().move(box.x + box.width * 0.4, y);
        page.mouse().down();
        page.mouse().move(box.x + box.width * 0.6, y, new Mouse.MoveOptions().setSteps(5));
        page.mouse().up();
        page.waitForURL(Pattern.compile(".*/tests/resnet-smoke\\?from=.*"));
        Duration brushed = Duration.between(Instant.parse(query("from")), Instant.parse(query("to")));
        assertTrue(brushed.compareTo(Duration.ofMinutes(1)) >= 0 && brushed.compareTo(Duration.ofHours(6)) < 0,
                "about a fifth of the 24 h shown: " + brushed);
        shot("04d-range-brushed");
    }

    private static String query(String name) {
        return URLDecoder.decode(page.url().replaceAll(".*[?&]" + name + "=([^&]*).*", "$1"), StandardCharsets.UTF_8);
    }

    @Test
    @Order(6)
    void aSingleWindowIsAVisiblePoint() {
        page.navigate(url + "/tests/one-window");
        page.locator("#latency[data-rendered=true] canvas").waitFor();
        long colored = ((Number) page.locator("#latency").evaluate(COLORED_PIXELS_AT_FIRST_POINT)).longValue();
        assertTrue(colored > 5, "the one window's p50 is drawn: " + colored + " coloured pixels around it");
        assertTrue(page.locator("#latency-keys").innerText().contains("not enough samples: 50 of 368"),
                "50 inferences are too few for a p99 interval");
        shot("04b-one-window");
    }

    @Test
    @Order(7)
    void anLlmTestShowsItsGenerationEdgeVsCloud() {
        page.navigate(url + "/tests/llm-chat");
        page.locator("#generation").waitFor();
        String generation = page.locator("#generation").innerText();
        for (String expected : List.of("Time to first token p50", "Time to first token p99", "Tokens/s p50",
                "Peak memory", "EDGE", "CLOUD", "5,209 MB", "16,009 MB")) {
            assertTrue(generation.contains(expected), expected + " in " + generation);
        }
        // Edge TTFT 300..399 ms, cloud 60..159 ms: each p99 with its interval; 32 and 128 tokens/s.
        assertTrue(generation.matches("(?s).*398 ms \\(95 % CI 3\\d\\d – 399\\).*"), generation);
        assertTrue(generation.matches("(?s).*158 ms \\(95 % CI 1\\d\\d – 159\\).*"), generation);
        assertTrue(generation.contains("32 (95 % CI 32 – 32)") && generation.contains("128 (95 % CI 128 – 128)"),
                generation);
        RawNumbers.assertNone(page.locator("body").innerText());
        shot("04d-llm-test");
    }

    @Test
    @Order(8)
    void anUnknownTestIsA404InsideTheApp() {
        Response response = page.navigate(url + "/tests/no-such-test");
        page.locator("#not-found").waitFor();
        assertEquals(404, response.status(), "the page's own status, not only its text");
        assertTrue(page.locator("#not-found").innerText().contains("No test named no-such-test"),
                page.locator("#not-found").innerText());
        assertEquals(0, page.locator("#latency-keys").count(), "no page of \"no data\"");
        assertTrue(page.locator("vaadin-side-nav").isVisible(), "inside the app's frame");
        shot("04c-unknown-test-404");
    }

    @Test
    @Order(9)
    void acknowledgingAnAlertChangesItLive() {
        AlertRow alert = silentAlert();
        page.navigate(url + "/alerts");
        page.locator("#active-alerts").waitFor();
        assertTrue(page.locator("#active-alerts").innerText().contains("pi-lab-07 (pi5-hailo8l) silent"));
        String letters = page.locator("#dead-letters").innerText();
        assertTrue(letters.contains("length mismatch: reference has N outputs, candidate N") && letters.contains("2")
                && letters.contains("reference has 5 outputs, candidate 6"), letters);
        RawNumbers.assertNone(page.locator("body").innerText());
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
    @Order(10)
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
        String latency = html.substring(html.indexOf("<h3>resnet-smoke</h3>"));
        assertTrue(latency.contains("<td>EDGE</td><td>6,100</td>") && latency.contains("<td>CLOUD</td><td>6,000</td>"),
                "the overview's and test page's counts");
        assertTrue(html.contains("<section id=\"generation\">") && html.contains("<h3>llm-chat</h3>"),
                "the LLM test's generation in the report");
        RawNumbers.assertNone(html);
    }

    @Test
    @Order(11)
    void everyResponseCarriesTheSecurityHeadersAndTheSessionCookieIsSameSiteLax() throws Exception {
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode());
        assertSecurityHeaders(login);
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow();
        assertTrue(cookie.contains("SameSite=Lax") && cookie.contains("HttpOnly"), cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP on loopback: Tomcat adds Secure on TLS requests only");

        Matcher script = Pattern.compile("src=\"(/?VAADIN/[^\"]+\\.js)\"").matcher(login.body());
        assertTrue(script.find(), "the page loads Vaadin's bundle");
        HttpResponse<Void> bundle = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/" + script.group(1).replaceFirst("^/", "")))
                .build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, bundle.statusCode());
        assertSecurityHeaders(bundle);
        // A page is never stored; the bundle's files are kept for the time Vaadin gives them, with no "Pragma:
        // no-cache" beside it, on which Chromium asks for each file again on every page load.
        String never = login.headers().firstValue("Cache-Control").orElse("");
        assertTrue(never.contains("no-store"), never);
        String kept = bundle.headers().firstValue("Cache-Control").orElse("");
        assertTrue(kept.matches("max-age=[1-9]\\d*.*"), kept);
        assertTrue(bundle.headers().allValues("Pragma").isEmpty() && bundle.headers().allValues("Expires").isEmpty(),
                bundle.headers().map().toString());
    }

    @Test
    @Order(12)
    void signingInNeedsTheCsrfTokenOfTheLoginPage() throws Exception {
        FormSession session = new FormSession();
        HttpResponse<String> forged = session.signIn("admin", PASSWORD, false);
        assertTrue(forged.headers().firstValue("Location").orElse("").endsWith("/login"), "no token: back to the login page");
        assertTrue(session.get("/").headers().firstValue("Location").orElse("").endsWith("/login"), "and not signed in");
        HttpResponse<String> signedIn = session.signIn("admin", PASSWORD, true);
        assertEquals(302, signedIn.statusCode());
        assertFalse(signedIn.headers().firstValue("Location").orElse("").contains("login"), signedIn.headers().map().toString());
        assertEquals(200, session.get("/").statusCode(), "with the token: signed in");
    }

    @Test
    @Order(13)
    void wrongPasswordsLockTheUserEvenAgainstTheRightOne() throws Exception {
        FormSession session = new FormSession();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> wrong = session.signIn("olga", "guess-" + i, true);
            assertTrue(wrong.headers().firstValue("Location").orElse("").endsWith("/login?error"), "wrong password " + i);
        }
        HttpResponse<String> locked = session.signIn("olga", OPERATOR_PASSWORD, true);
        assertTrue(locked.headers().firstValue("Location").orElse("").endsWith("/login?error"), "locked: right password refused");

        chromium.forgetSession();
        page.navigate(url + "/login");
        page.locator("input[name=username]").fill("olga");
        page.locator("input[name=password]").fill(OPERATOR_PASSWORD);
        page.locator("vaadin-button[slot=submit], button[type=submit]").first().click();
        page.waitForURL("**/login?error");
        page.locator("vaadin-login-form[error]").waitFor();
        page.getByText(Pattern.compile("Too many wrong passwords: try again in \\d+ s")).waitFor();
        shot("08-locked");

        assertEquals(302, new FormSession().signIn("admin", PASSWORD, true).statusCode(), "other users are not locked");
    }

    @Test
    @Order(14)
    void aViewerIsNotOfferedRecomputeOrGenerateReport() {
        chromium.forgetSession();
        signIn("admin", PASSWORD);
        page.navigate(url + "/placement");
        page.locator("#recompute").waitFor();
        assertTrue(page.locator("#recompute").isVisible(), "an admin may recompute");
        page.locator("#recompute").click();
        page.waitForCondition(() -> page.locator("#recommendations").innerText().contains("resnet-smoke"));
        page.waitForLoadState(LoadState.NETWORKIDLE);
        // Recomputed just now: fresh, so no newer advice is on its way; the page says when and from what, and a load
        // within the minute is shown the same advice.
        page.navigate(url + "/placement");
        String freshness = page.locator("#advice-freshness").innerText();
        assertTrue(freshness.matches("Computed \\d+ s ago \\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\) from "
                + "the data up to \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:00 UTC, and shown to everyone asking for this "
                + "range for 60 s\\."), freshness);
        page.navigate(url + "/placement");
        String again = page.locator("#advice-freshness").innerText();
        assertEquals(freshness.substring(freshness.indexOf('(')), again.substring(again.indexOf('(')), again);
        RawNumbers.assertNone(page.locator("body").innerText());
        shot("10-placement");

        // A range nobody asked for yet: shown as being computed, then its advice, pushed when done.
        page.addInitScript("""
                window.sawComputing = false;
                new MutationObserver(() => {
                    const bar = document.getElementById('advice-computing');
                    if (bar && !bar.hidden) window.sawComputing = true;
                }).observe(document, {subtree: true, childList: true, attributes: true});""");
        Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        page.navigate(url + "/placement?from=" + to.minus(Duration.ofMinutes(150)) + "&to=" + to);
        page.waitForCondition(() -> page.locator("#recommendations").innerText().contains("resnet-smoke"));
        assertEquals(Boolean.TRUE, page.evaluate("window.sawComputing"), "the page said it was computing first");
        assertFalse(page.locator("#advice-computing").isVisible());
        assertTrue(page.locator("#advice-freshness").innerText().startsWith("Computed "));

        chromium.forgetSession();
        signIn("vera", VIEWER_PASSWORD);
        page.navigate(url + "/placement");
        page.getByText("Placement recommendations").waitFor();
        assertFalse(page.locator("#recompute").isVisible(), "a viewer is not offered Recompute now");
        page.navigate(url + "/reports");
        page.locator("#reports").waitFor();
        assertFalse(page.locator("#generate-report").isVisible(), "a viewer is not offered Generate report");
        shot("09-viewer-reports");
    }

    @Test
    @Order(15)
    void noPageBrokeTheContentSecurityPolicy() {
        assertEquals(List.of(), cspViolations);
    }

    @Test
    @Order(16)
    void idleAndSlowClientsDoNotStopTheServerAndAreCutOff() throws Exception {
        URI base = URI.create(url);
        List<java.net.Socket> slow = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort());
                // Half a request head, never finished; and four heads announcing a body that never comes.
                String head = i < 12 ? "GET /login HTTP/1.1\r\nHost: x\r\n"
                        : "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        + "Content-Length: 1000\r\n\r\nusername=";
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                socket.setSoTimeout(10_000);
                slow.add(socket);
            }
            long start = System.nanoTime();
            HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(base.resolve("/login"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("UI /login with 16 idle or slow clients: %d in %d ms%n", login.statusCode(), millis);
            assertEquals(200, login.statusCode());
            assertTrue(millis < 5_000, "served while slow clients hold connections: " + millis + " ms");
            // The server closes each of them within the connection timeout (2 s here): read sees the end.
            for (java.net.Socket socket : slow) {
                try {
                    while (socket.getInputStream().read() >= 0) {
                        // an error answer may come first; the connection ends after it
                    }
                } catch (java.net.SocketException closed) {
                    // reset by the server: cut off as well
                }
            }
        } finally {
            for (java.net.Socket socket : slow) socket.close();
        }
    }

    @Test
    @Order(17)
    void anAddressHoldingAllItsTurnsIsRefusedWhileOthersAreServed() throws Exception {
        URI base = URI.create(url);
        InetAddress flooding = InetAddress.getByName("127.0.0.2");
        List<Socket> held = new ArrayList<>();
        // As many sign-ins from 127.0.0.2 as it has turns, whose bodies trickle in, a byte at a time within the read timeout: each
        // holds one of that address's turns for as long as this test keeps writing.
        Thread trickle = Thread.ofVirtual().start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    List<Socket> sockets;
                    synchronized (held) {
                        sockets = List.copyOf(held);
                    }
                    for (Socket socket : sockets) socket.getOutputStream().write('a');
                    Thread.sleep(300);
                }
            } catch (IOException | InterruptedException stopped) {
                // the test is over
            }
        });
        try {
            for (int i = 0; i < TURNS_PER_ADDRESS; i++) {
                Socket socket = slowPost(base, flooding);
                synchronized (held) {
                    held.add(socket);
                }
            }
            int refused = 0;
            for (int attempt = 0; attempt < 20 && refused == 0; attempt++) {
                try (Socket extra = new Socket(base.getHost(), base.getPort(), flooding, 0)) {
                    extra.setSoTimeout(10_000);
                    extra.getOutputStream().write("GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    String status = new String(extra.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                    if (status.endsWith("429")) refused++;
                }
                // Not refused: the held requests had not all reached the server yet; they will.
            }
            assertEquals(1, refused, "one more request of 127.0.0.2 is refused while it holds all its turns");

            HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(base.resolve("/login"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, other.statusCode(), "127.0.0.1 keeps its own turns");
        } finally {
            trickle.interrupt();
            trickle.join();
            for (Socket socket : held) socket.close();
        }
    }

    /** A sign-in announcing a body of 1,000 bytes, from {@code from}, of which it sends the first few. */
    private static Socket slowPost(URI base, InetAddress from) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort(), from, 0);
        socket.getOutputStream().write(("POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
                + "\r\nContent-Length: 1000\r\n\r\nusername=").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** The points of the latency chart's first series (EDGE p50), one per window of the range; -1 before it draws. */
    private static final String LATENCY_POINTS = """
            () => { const el = document.querySelector('#latency');
                    return el && el.option ? JSON.parse(el.option).series[0].data.length : -1; }""";

    private static int latencyPoints() {
        return ((Number) page.evaluate(LATENCY_POINTS)).intValue();
    }

    /** Waits until the latency chart's first series has a number of points that {@code test} (JS, of n) accepts. */
    private static void awaitLatencyPoints(String test) {
        page.waitForFunction("() => { const n = (" + LATENCY_POINTS + ")(); return n >= 0 && " + test + "; }");
    }

    private static void choose(String select, String item) {
        page.locator("#" + select).click();
        page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText(item)).first().click();
    }

    private static void type(String picker, Instant at) {
        String[] dateAndTime = at.toString().substring(0, 16).split("T");
        page.locator("#" + picker + " vaadin-date-picker input").fill(dateAndTime[0]);
        page.locator("#" + picker + " vaadin-date-picker input").press("Enter");
        page.locator("#" + picker + " vaadin-time-picker input").fill(dateAndTime[1]);
        page.locator("#" + picker + " vaadin-time-picker input").press("Enter");
    }

    @Test
    @Order(18)
    void aPresetAndACustomRangeChangeTheDataAndTheUrlAndReloadAndBackRestoreThem() {
        chromium.forgetSession();
        signIn("admin", PASSWORD);
        page.navigate(url + "/tests/resnet-smoke");
        // The EDGE key's inferences in a day (the late window's included); a shorter range has fewer.
        Locator dayKeys = page.locator("#latency-keys").filter(new Locator.FilterOptions().setHasText("6,100"));
        dayKeys.waitFor();

        choose("range", "Last 15 minutes");
        page.waitForURL("**/tests/resnet-smoke?range=15m");
        dayKeys.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
        awaitLatencyPoints("n <= 15"); // one point a minute over a short range
        shot("11-range-15m");

        // Ten minutes inside the hour of windows: ten points, whatever the time the fixtures took.
        Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(20));
        choose("range", "Custom");
        type("range-from", to);
        type("range-to", to.minus(Duration.ofMinutes(10)));
        page.locator("#range-apply").click();
        page.locator("#range-error").filter(new Locator.FilterOptions().setHasText("must be before to")).waitFor();
        assertTrue(page.url().endsWith("range=15m"), "a wrong range changes nothing: " + page.url());
        shot("12-range-wrong");
        type("range-from", to.minus(Duration.ofMinutes(10)));
        type("range-to", to);
        page.locator("#range-apply").click();
        page.waitForURL(u -> u.contains("from=") && u.contains("to="));
        awaitLatencyPoints("n === 10");
        shot("12-range-custom");

        page.reload();
        awaitLatencyPoints("n === 10");
        assertTrue(page.locator("#range-from").isVisible(), "the custom range is shown again");
        page.goBack();
        page.waitForURL("**/tests/resnet-smoke?range=15m");
        page.locator("#range-from").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));
        awaitLatencyPoints("n <= 15");
        page.goBack();
        page.waitForURL(url + "/tests/resnet-smoke");
        dayKeys.waitFor();
        assertEquals(List.of(), cspViolations);
    }

    @Test
    @Order(19)
    void autoRefreshShowsANewWindowWithoutAReload() {
        chromium.forgetSession();
        signIn("admin", PASSWORD);
        page.navigate(url + "/tests/one-window?range=1h");
        awaitLatencyPoints("n === 1");
        choose("refresh", "Every 10 s");
        page.waitForURL("**/tests/one-window?range=1h&refresh=10s");
        page.evaluate("() => window.notReloaded = true");
        String cloud = "() => { const el = document.querySelector('#latency');"
                + " return !!el && JSON.parse(el.option).series.some(s => s.name.startsWith('CLOUD')); }";
        assertEquals(false, page.evaluate(cloud));
        FleetData.windows(warehouse.warehouse(), Instant.now(), "one-window", "CLOUD", "cloud-a10g", 1, 50, 8, 15);
        page.waitForFunction(cloud, null, new Page.WaitForFunctionOptions().setTimeout(30_000));
        assertEquals(true, page.evaluate("() => window.notReloaded === true"), "refreshed in place, not reloaded");
        shot("13-auto-refreshed");
        choose("refresh", "Off");
        page.waitForURL("**/tests/one-window?range=1h");
    }

    @Test
    @Order(20)
    void aReportIsPreviewedBeforeKeepingAndAKeptOneDeleted() {
        chromium.forgetSession();
        signIn("admin", PASSWORD);
        page.navigate(url + "/reports?range=6h");
        page.locator("#preview-report").click();
        FrameLocator preview = page.frameLocator("#report-preview");
        assertTrue(preview.locator("h1").innerText().startsWith("Parallax drift report"));
        assertTrue(preview.locator("body").innerText().contains("resnet-smoke"), "the preview covers the fleet");
        shot("14-report-preview");

        Locator deletes = page.locator("#reports vaadin-button[id^=delete-]:visible");
        int before = deletes.count();
        page.locator("#generate-report").click();
        page.waitForCondition(() -> deletes.count() == before + 1);
        page.locator("#reports vaadin-button[id^=preview-]").first().click();
        page.waitForCondition(() -> preview.locator("h1").innerText().startsWith("Parallax drift report"));
        String id = deletes.first().getAttribute("id");
        deletes.first().click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete report")).click();
        page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("Deleted: ")).waitFor();
        assertEquals(List.of("admin"), warehouse.warehouse().query("SELECT deleted_by FROM parallax.reports FINAL "
                + "WHERE report_id = ?", rs -> rs.getString(1), id.substring("delete-".length())), "deleted, by whom");
        page.waitForCondition(() -> deletes.count() == before);
        assertFalse(page.locator("#report-preview").isVisible(), "a deleted report's preview is closed");
        shot("15-report-deleted");
        assertEquals(List.of(), cspViolations);
    }

    @Test
    @Order(21)
    void theOverviewAndATestPageFitAPhoneScreen() {
        chromium.forgetSession();
        signIn("admin", PASSWORD);
        page.setViewportSize(390, 844);
        try {
            // The test page last: its chart is measured after the loop.
            for (String[] pathAndContent : List.of(new String[] {"/", "#devices"}, new String[] {"/reports",
                    "#time-range"}, new String[] {"/placement", "#recommendations"},
                    new String[] {"/tests/resnet-smoke", "#latency[data-rendered=true] canvas"})) {
                page.navigate(url + pathAndContent[0]);
                page.locator(pathAndContent[1]).first().waitFor();
                page.waitForLoadState(LoadState.NETWORKIDLE);
                assertTrue(page.locator("vaadin-app-layout").getAttribute("drawer-opened") == null,
                        pathAndContent[0] + ": the drawer starts closed on a phone");
                int overflow = ((Number) page.evaluate(
                        "() => document.documentElement.scrollWidth - innerWidth")).intValue();
                shot("16-phone" + pathAndContent[0].replace('/', '-'));
                assertTrue(overflow <= 0, pathAndContent[0] + " is wider than the phone by " + overflow + " px");
            }
            double chart = ((Number) page.locator("#latency").evaluate("el => el.getBoundingClientRect().right"))
                    .doubleValue();
            assertTrue(chart <= 390, "the latency chart fits the screen: its right edge at " + chart);
            double divergence = ((Number) page.locator("#divergence-flip").evaluate(
                    "el => el.getBoundingClientRect().width")).doubleValue();
            assertTrue(divergence >= 300 && divergence <= 390, "a divergence chart takes the phone's width, not half "
                    + "of it: " + divergence + " px");
        } finally {
            page.setViewportSize(1400, 900);
        }
    }

    @Test
    @Order(22)
    void theOverviewCountsEachTestsInferencesInTheRangeChosen() {
        chromium.forgetSession();
        signIn("admin", PASSWORD);
        page.navigate(url + "/");
        long day = inferencesOnOverview("resnet-smoke");
        page.navigate(url + "/?range=15m");
        page.locator("#range").filter(new Locator.FilterOptions().setHasText("15 minutes")).waitFor();
        long quarter = inferencesOnOverview("resnet-smoke");
        shot("22-overview-15-minutes");
        assertEquals(12_100, day, "the default range is the last 24 h");
        assertTrue(quarter > 0 && quarter < day / 3, "15 minutes of an hour-long test: " + quarter + " of " + day);
    }

    /** The inferences the overview's tests table gives {@code testId}. */
    private static long inferencesOnOverview(String testId) {
        Locator row = page.locator("#tests vaadin-grid-cell-content").filter(new Locator.FilterOptions().setHasText(testId));
        row.first().waitFor();
        List<List<String>> rows;
        try {
            rows = chromium.downloadCsv("tests");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows.stream().filter(r -> r.getFirst().equals(testId))
                .mapToLong(r -> Long.parseLong(r.get(2).replace(",", ""))).findFirst().orElseThrow();
    }

    private static void signIn(String user, String password) {
        chromium.signIn(url, user, password);
    }

    private static void assertSecurityHeaders(HttpResponse<?> response) {
        String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'")
                && csp.contains("object-src 'none'"), csp);
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("same-origin", response.headers().firstValue("Referrer-Policy").orElse(null));
        assertEquals("DENY", response.headers().firstValue("X-Frame-Options").orElse(null));
    }

    /** A client that signs in with the login page's form, as a browser without JavaScript would. */
    private static final class FormSession {

        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> signIn(String user, String password, boolean withToken) throws Exception {
            HttpResponse<String> form = get("/login");
            Matcher token = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"").matcher(form.body());
            assertTrue(token.find(), "the login page carries its CSRF token");
            String body = "username=" + encode(user) + "&password=" + encode(password)
                    + (withToken ? "&_csrf=" + encode(token.group(1)) : "");
            return http.send(HttpRequest.newBuilder(URI.create(url + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    /** The silent-device alert of pi-lab-07, once the background evaluator has raised it. */
    private static AlertRow silentAlert() {
        return ui.alertAbout("device=pi-lab-07");
    }
}
