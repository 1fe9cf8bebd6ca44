package dev.parallax.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.parallax.insights.FleetData;
import dev.parallax.insights.RawNumbers;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.alerts.AlertCenter;
import dev.parallax.insights.alerts.AlertRow;
import dev.parallax.insights.warehouse.Warehouse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The runs page, a device's page, the links from an alert to its test, run and device, and acting on alerts, in
 * headless Chromium against the real ClickHouse and Kafka of the other browser test. Screenshots go to
 * {@code target/screenshots} (names starting {@code pages-}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PagesBrowserTest {

    private static final Locator.WaitForOptions HIDDEN = new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN);
    /** For a locator of visible elements only: none is left. */
    private static final Locator.WaitForOptions GONE = new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED);

    private static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime());
    /** Runs of a test that only fill pages: more than one page of the runs table (50 rows) holds. */
    private static final int FILLER_RUNS = 120;
    private static final String FORMULA_RUN = "=1+2";
    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    /** The shortest snooze offered here: short enough to see it end within the test. */
    private static final Duration SNOOZE = Duration.ofSeconds(20);
    @RegisterExtension
    static final BrowserFixture ui = new BrowserFixture();
    private static ConfigurableApplicationContext app;
    private static Chromium chromium;
    private static Page page;
    private static String url;

    @BeforeAll
    static void start() throws IOException {
        Instant now = Instant.now();
        Warehouse w = warehouse.warehouse();
        // pg-step: 30 runs an hour apart at about 40 ms, then 3 runs 20 % slower: the gate fails run 31.
        Instant first = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3));
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 33; i++) {
            FleetData.inferences(w, "pg-step-run-" + (i + 1), first.plus(Duration.ofHours(i)), 1, 20, "pg-step",
                    "pg-model", "EDGE", "pg-pi-02", "pi5-hailo8l", (i < 30 ? 40 : 48) * (1 + 0.01 * random.nextGaussian()),
                    9, 4);
        }
        w.update("""
                INSERT INTO parallax.inference_events (event_id, event_time, run_id, test_id, model_name, model_version,
                    precision, tier, device_id, device_class, runtime, latency_ms, status)
                SELECT generateUUIDv4(), fromUnixTimestamp64Milli(toInt64(? - number * 60000)),
                    concat('pg-filler-', leftPad(toString(number), 3, '0')), 'pg-filler', 'pg-model', 'v1', 'FP32',
                    'CLOUD', 'pg-gpu-01', 'cloud-a10g', 'onnxruntime', 8, 'OK'
                FROM numbers(?)
                """, first.toEpochMilli(), FILLER_RUNS);
        // pg-ratio: edge p99 about 5× cloud's, an alert about the test; its run on pg-pi-01, whose clock is 3 min
        // ahead, and which throttled 20 minutes ago.
        FleetData.windows(w, now, "pg-ratio", "EDGE", "pi5-hailo8l", 60, 100, 40, 11);
        FleetData.windows(w, now, "pg-ratio", "CLOUD", "cloud-a10g", 60, 100, 8, 12);
        FleetData.inferences(w, "pg-ratio-run-1", now, 10, 6, "pg-ratio", "resnet50", "EDGE", "pg-pi-01",
                "pi5-hailo8l", 40, 12, 4);
        for (int s = 10; s <= 300; s += 10) {
            Instant at = now.minusSeconds(s);
            FleetData.deviceSample(w, at, at.minus(Duration.ofMinutes(3)), "pg-pi-01", "pi5-hailo8l", "EDGE",
                    s < 60 ? 83 : 62);
        }
        FleetData.episode(w, "pg-pi-01", "pi5-hailo8l", now.minus(Duration.ofMinutes(20)),
                now.minus(Duration.ofMinutes(17)), 86.5, 1.7);
        // Run 31's runner listed its tests: one failed.
        w.update("""
                INSERT INTO parallax.runs (event_id, event_time, run_id, phase, trigger, tests.test_id,
                    tests.display_name, tests.outcome, tests.duration_ms, tests.inferences, tests.latency_p50_ms,
                    tests.latency_p99_ms)
                VALUES (generateUUIDv4(), ?, 'pg-step-run-31', 'FINISHED', 'PR', ['Smoke#fast', 'Smoke#slow'],
                    ['fast()', 'slow()'], ['PASSED', 'FAILED'], [800, 2400], [10, 10], [47.5, 48.1], [49.0, 61.2])
                """, first.plus(Duration.ofHours(31)));
        // A run whose id a spreadsheet would run as a formula: the runs export defuses it.
        FleetData.inferences(w, FORMULA_RUN, first, 1, 2, "pg-csv", "pg-model", "EDGE", "pg-pi-02", "pi5-hailo8l", 40,
                9, 4);
        // The alerts history: one raised half an hour ago, one raised and resolved three days ago.
        FleetData.alertRow(w, "pg-hist-recent", "latency_budget", "pg-hist-recent budget exceeded",
                now.minus(Duration.ofMinutes(30)), null);
        FleetData.alertRow(w, "pg-hist-old", "latency_budget", "pg-hist-old budget exceeded",
                now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(3)).plus(Duration.ofMinutes(5)));
        ui.start(warehouse, Map.of("ui.admin.user", "admin", "ui.admin.password", PASSWORD,
                "ui.signin.address.limit", "1000", "ui.alerts.interval.seconds", "1",
                "ui.alerts.snooze.lengths", "PT" + SNOOZE.toSeconds() + "S,PT1H"));
        app = ui.app();
        url = ui.url();
        chromium = ui.chromium();
        page = chromium.page();
        chromium.signIn(url, "admin", PASSWORD);
    }

    private static void shot(String name) {
        chromium.shot("pages-" + name);
    }

    @Test
    @Order(1)
    void theRunsPageListsRunsWithVerdictsAPageAtATime() {
        page.navigate(url + "/runs");
        Locator runs = page.locator("#runs");
        page.waitForCondition(() -> page.locator("#run-total").innerText().endsWith(" runs"));
        int total = Integer.parseInt(page.locator("#run-total").innerText().replace(" runs", "").replace(",", ""));
        assertTrue(total >= 33 + FILLER_RUNS + 1, "every run of the week: " + total);
        assertEquals(total, ((Number) runs.evaluate("g => g.size")).intValue(), "the table knows how many rows");
        page.locator("#runs a[href='runs/pg-step-run-33']").waitFor();
        shot("01-runs");

        // The oldest filler run is the last row: it is read only when the table scrolls to it.
        assertEquals(0, page.locator("#runs a[href='runs/pg-filler-119']").count(), "not on the first page");
        runs.evaluate("(g, n) => g.scrollToIndex(n - 1)", total);
        page.locator("#runs a[href='runs/pg-filler-119']").waitFor();
        shot("02-runs-last-page");

        page.locator("#run-search input").fill("pg-step-run-3");
        page.waitForCondition(() -> page.locator("#run-total").innerText().equals("5 runs"));
        page.locator("#runs a[href='runs/pg-step-run-31']").waitFor();
        // Visible ones only: the table keeps rows it no longer shows for reuse.
        Locator failing = page.locator("#runs [data-verdict=fail]:visible");
        failing.first().waitFor();
        assertEquals(1, failing.count(), "run 31 starts the regression; 3, 30, 32 and 33 pass");
        assertTrue(failing.first().innerText().startsWith("FAIL · "), failing.first().innerText());
        assertEquals(4, page.locator("#runs [data-verdict=pass]:visible").count());
        RawNumbers.assertNone(page.locator("body").innerText());
        shot("03-runs-search");

        page.locator("#runs a[href='runs/pg-step-run-31']").click();
        page.waitForURL("**/runs/pg-step-run-31");
        page.locator("#run-checks").waitFor();
        assertTrue(page.locator("#run-checks").innerText().contains("a regression"));
        // The tests its runner listed, the failed one first.
        page.locator("#run-tests vaadin-grid-cell-content").filter(new Locator.FilterOptions().setHasText("slow()"))
                .first().waitFor();
        assertTrue(page.locator("h3").filter(new Locator.FilterOptions().setHasText("Tests (1 failed of 2)")).count() == 1);
        shot("04-run");
    }

    @Test
    @Order(2)
    void aDevicePageShowsItsEpisodesAndClockOffset() {
        page.navigate(url + "/devices/pg-pi-01");
        String summary = page.locator("#device-summary").innerText();
        assertTrue(summary.contains("pi5-hailo8l") && summary.contains("clock offset +3.0 min"), summary);
        page.locator("#device-temperature[data-rendered=true] canvas").waitFor();
        page.locator("#device-clock[data-rendered=true] canvas").waitFor();
        String episodes = page.locator("#device-episodes").innerText();
        assertTrue(episodes.contains("86.5 °C") && episodes.contains("1.7×"), episodes);
        page.locator("#device-runs a[href='runs/pg-ratio-run-1']").waitFor();
        RawNumbers.assertNone(page.locator("body").innerText());
        shot("05-device");
    }

    @Test
    @Order(3)
    void anAlertLeadsToItsTestRunAndDevice() {
        ui.alertAbout("test=pg-ratio");
        page.navigate(url + "/alerts");
        page.locator("#active-alerts a[href='tests/pg-ratio']").first().click();
        page.waitForURL("**/tests/pg-ratio");
        page.locator("#test-runs a").click();
        page.waitForURL("**/runs?test=pg-ratio");
        page.locator("#runs a[href='runs/pg-ratio-run-1']").click();
        page.waitForURL("**/runs/pg-ratio-run-1");
        page.locator("#run-series a[href='devices/pg-pi-01']").click();
        page.waitForURL("**/devices/pg-pi-01");
        page.locator("#device-summary").waitFor();
        shot("06-alert-to-device");

        // The device's own alert (its clock) links to it from the overview.
        ui.alertAbout("device=pg-pi-01");
        page.navigate(url + "/");
        page.locator("#open-alerts a[href='devices/pg-pi-01']").first().click();
        page.waitForURL("**/devices/pg-pi-01");
    }

    @Test
    @Order(4)
    void aSnoozeHidesAnAlertUntilItEndsAndResolveClosesIt() {
        AlertRow clock = ui.alertAbout("device=pg-pi-01");
        page.navigate(url + "/alerts");
        Locator severity = page.locator("#active-alerts [data-severity=WARNING]:visible");
        severity.first().waitFor();
        assertTrue(severity.first().getAttribute("style").contains("color"), "a severity is coloured");
        page.locator("#alert-severity").click();
        page.locator("vaadin-select-item:has-text('CRITICAL')").click();
        // No warning is shown any more (other test classes' data may hold critical alerts, which stay). Waited for
        // by the browser: a condition checked from here is only checked again on the page's next event.
        severity.first().waitFor(HIDDEN);
        assertTrue(page.getByText("none of them shown by these filters").isVisible()
                || page.locator("#active-alerts [data-severity=CRITICAL]:visible").count() > 0);
        shot("07-alerts-critical-only");
        page.navigate(url + "/alerts");

        page.locator("#snooze-" + clock.alertId()).click();
        // Not visible rather than gone: the table keeps rows it no longer shows for reuse.
        page.locator("#snooze-" + clock.alertId()).waitFor(HIDDEN);
        AlertRow snoozed = app.getBean(AlertCenter.class).active().stream()
                .filter(a -> a.alertId().equals(clock.alertId())).findFirst().orElseThrow();
        assertTrue(snoozed.isSnoozedAt(Instant.now()), "snoozed for " + SNOOZE);
        shot("08-alert-snoozed");
        page.navigate(url + "/");
        page.locator("#tests").waitFor();
        assertEquals(0, page.locator("#open-alerts a[href='devices/pg-pi-01']:visible").count(),
                "hidden on the overview too");

        page.waitForCondition(() -> !snoozed.isSnoozedAt(Instant.now()),
                new Page.WaitForConditionOptions().setTimeout(SNOOZE.toMillis() + 10_000));
        page.navigate(url + "/alerts");
        page.locator("#snooze-" + clock.alertId()).waitFor();
        shot("09-alert-snooze-ended");

        page.locator("#resolve-" + clock.alertId()).click();
        page.locator("#resolve-" + clock.alertId()).waitFor(HIDDEN);
        assertTrue(app.getBean(AlertCenter.class).active().stream().noneMatch(a -> a.alertId().equals(clock.alertId())),
                "resolved");
        page.navigate(url + "/alerts/" + clock.alertId());
        page.waitForCondition(() -> page.locator("#alert-events").innerText().contains("RESOLVED"));
        String events = page.locator("#alert-events").innerText();
        assertTrue(events.contains("RAISED") && events.contains("SNOOZED") && events.contains("admin"), events);
        shot("10-alert-history");
    }

    @Test
    @Order(5)
    void theDevicesPageListsTheRangesDevicesWithTheirThrottlingAndFiltersThem() throws IOException {
        page.navigate(url + "/");
        page.locator("vaadin-side-nav-item[path='devices']").click();
        page.waitForURL("**/devices");
        page.navigate(url + "/devices?range=1h");
        // This class's devices only: other test classes' devices share the warehouse.
        page.locator("#device-search input").fill("pg-");
        // Visible ones only: the table keeps rows it no longer shows for reuse.
        Locator pi = page.locator("#device-list a[href='devices/pg-pi-01']:visible");
        pi.waitFor();
        // Of them only pg-pi-01 was heard from in the last hour: its newest sample, its 60 inferences, its 3-minute
        // episode of the hour, its clock 3 minutes ahead.
        page.locator("#device-total").filter(new Locator.FilterOptions().setHasText("1 devices")).waitFor();
        String row = page.locator("#device-list").innerText();
        for (String figure : new String[] {"pi5-hailo8l", "83 °C", "5 %", "60", "+3.0 min"}) {
            assertTrue(row.contains(figure), figure + " in " + row);
        }
        RawNumbers.assertNone(page.locator("body").innerText());
        shot("11-devices");

        page.locator("#device-tier").click();
        page.locator("vaadin-select-item:has-text('CLOUD')").click();
        page.locator("#device-total").filter(new Locator.FilterOptions().setHasText("0 devices")).waitFor();
        pi.waitFor(GONE);
        page.locator("#range").click();
        page.locator("vaadin-select-item:has-text('Last 7 days')").click();
        page.waitForURL("**/devices?range=7d");
        // The week holds the filler runs' cloud GPU; the search and tier chosen stay.
        Locator gpu = page.locator("#device-list a[href='devices/pg-gpu-01']:visible");
        gpu.waitFor();
        page.locator("#device-total").filter(new Locator.FilterOptions().setHasText("1 devices")).waitFor();
        shot("12-devices-cloud-week");
        // The export holds the rows of the filters shown.
        List<List<String>> exported = chromium.downloadCsv("device-list");
        assertEquals("Device", exported.getFirst().getFirst());
        assertEquals(List.of("pg-gpu-01"), exported.subList(1, exported.size()).stream().map(List::getFirst).toList());
        gpu.click();
        page.waitForURL("**/devices/pg-gpu-01");
        page.locator("#device-summary").waitFor();
    }

    @Test
    @Order(6)
    void theAlertsHistoryFollowsTheRangeInTheUrl() {
        page.navigate(url + "/alerts");
        Locator history = page.locator("#alert-history");
        history.getByText("pg-hist-old budget exceeded").waitFor();
        history.getByText("pg-hist-recent budget exceeded").waitFor();
        page.locator("#range").click();
        page.locator("vaadin-select-item:has-text('Last hour')").click();
        page.waitForURL("**/alerts?range=1h");
        // Waited for in the browser, as the grid re-renders its rows.
        page.waitForFunction("() => { const t = document.querySelector('#alert-history').innerText;"
                + " return t.includes('pg-hist-recent') && !t.includes('pg-hist-old'); }");
        shot("13-alerts-history-hour");
        page.goBack();
        page.waitForURL(url + "/alerts");
        history.getByText("pg-hist-old budget exceeded").waitFor();
    }

    @Test
    @Order(7)
    void theRunsExportHoldsEveryRowOfTheFilterAndSortNotOnlyThoseRead() throws IOException {
        page.navigate(url + "/runs");
        // This class's runs only (other test classes' runs share the warehouse): more than a page of them.
        int total = 33 + 1 + FILLER_RUNS + 1;
        page.locator("#run-search input").fill("pg-");
        page.locator("#run-total").filter(new Locator.FilterOptions().setHasText(total + " runs")).waitFor();
        // Oldest first, sorted in the warehouse: the oldest filler run, last of the newest-first order, is the first
        // row (waited for: the export must not be asked before the table has the sort).
        page.locator("#runs vaadin-grid-sorter").filter(new Locator.FilterOptions().setHasText("First inference"))
                .click();
        page.locator("#runs a[href='runs/pg-filler-119']").waitFor();
        List<List<String>> rows = chromium.downloadCsv("runs");
        assertEquals(List.of("Run", "Test", "Model", "Tier", "Device", "Class", "First inference", "Last inference",
                "Inferences", "Status", "Gate"), rows.getFirst());
        List<String> runIds = rows.subList(1, rows.size()).stream().map(List::getFirst).toList();
        assertEquals(total, runIds.size(), "every row of the filter, not only the pages the table read");
        assertEquals("pg-filler-119", runIds.getFirst());
        assertEquals("pg-ratio-run-1", runIds.getLast(), "the newest: a row the table has not read");
        assertTrue(runIds.contains("'" + FORMULA_RUN), "a formula-like id is defused");
        List<String> starts = rows.subList(1, rows.size()).stream().map(r -> r.get(6)).toList();
        assertEquals(starts.stream().sorted().toList(), starts, "oldest first");

        page.locator("#run-search input").fill("pg-step-run-3");
        page.waitForCondition(() -> page.locator("#run-total").innerText().equals("5 runs"));
        rows = chromium.downloadCsv("runs");
        assertEquals(6, rows.size(), "the header and the 5 runs the search leaves");
        List<String> run31 = rows.stream().filter(r -> r.getFirst().equals("pg-step-run-31")).findFirst().orElseThrow();
        assertTrue(run31.getLast().startsWith("FAIL · "), "with the gate's verdict: " + run31);
        assertEquals("pg-pi-02", run31.get(4));
    }

    @Test
    @Order(8)
    void twoRunsSideBySideWithTheSignificanceOfEachDifference() {
        page.navigate(url + "/runs/pg-step-run-30");
        page.locator("#run-compare").click();
        page.waitForURL("**/compare?a=pg-step-run-30*");
        assertEquals("pg-step-run-30", page.locator("#compare-a input").inputValue(), "this run is A");
        page.locator("#compare-b input").fill("pg-step-run-31");
        page.locator("#compare-go").click();
        page.waitForURL("**/compare?a=pg-step-run-30&b=pg-step-run-31");
        Locator summary = page.locator("#compare-summary");
        summary.waitFor();
        // Run 31 is 20 % slower than run 30 at the same power: p50, p99 and energy per inference are worse.
        assertTrue(summary.innerText().contains("worse in 3, better in 0 of 3 figures over 1 series"), summary.innerText());
        assertEquals(3, page.locator("#compare-figures [data-verdict=worse]:visible").count());
        page.locator("parallax-echart[data-rendered=true]").first().waitFor();
        shot("08-compare");
    }
}
