package dev.parallax.insights.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.Figures;
import dev.parallax.analytics.confidence.PercentileConfidence;
import dev.parallax.insights.FleetData;
import dev.parallax.insights.RawNumbers;
import dev.parallax.insights.TestClock;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.access.Roles;
import dev.parallax.insights.access.Someone;
import dev.parallax.insights.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Report content, keeping and listing, the report command line and the CI gate, over known warehouse data. */
class ReportsTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static final TestClock CLOCK = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static final Instant NOW = CLOCK.instant();
    static final Instant FROM = NOW.minus(Duration.ofHours(2));

    @BeforeAll
    static void load() {
        Warehouse w = warehouse.warehouse();
        FleetData.alertRow(w, "rp-alert-1", "device-silent", "rp-silent (pi5-hailo8l) silent for 30 min",
                NOW.minus(Duration.ofMinutes(50)), null);
        FleetData.alertRow(w, "rp-alert-2", "dead-letters", "1 dead letters; latest: rp-bad-json",
                NOW.minus(Duration.ofMinutes(40)), NOW.minus(Duration.ofMinutes(20)));
        FleetData.divergenceWindow(w, NOW.minus(Duration.ofMinutes(30)), "rp-model", "INT8", "pi5-hailo8l", 500,
                0.04, 0.2, 0.995, 31);
        FleetData.windows(w, NOW, "rp-test", "rp-model", "EDGE", "pi5-hailo8l", 20, 50, 40, 41);
        FleetData.windows(w, NOW, "rp-test", "rp-model", "CLOUD", "cloud-a10g", 20, 50, 8, 42);
        FleetData.inferences(w, "rp-run", NOW, 20, 50, "rp-test", "rp-model", "EDGE", "rp-pi", "pi5-hailo8l", 40, 9, 4);
        FleetData.inferences(w, "rp-run", NOW, 20, 50, "rp-test", "rp-model", "CLOUD", "rp-gpu", "cloud-a10g", 8, 150,
                60);
        FleetData.inferences(w, "rp-run-ok", NOW, 20, 50, "rp-ok", "rp-model", "EDGE", "rp-pi", "pi5-hailo8l", 10, 9, 4);
        FleetData.inferences(w, "rp-run-ok", NOW, 20, 50, "rp-ok", "rp-model", "CLOUD", "rp-gpu", "cloud-a10g", 8, 150,
                60);
        FleetData.episode(w, "rp-pi", "pi5-hailo8l", NOW.minus(Duration.ofMinutes(60)),
                NOW.minus(Duration.ofMinutes(55)), 85.5, 1.7);
        FleetData.deadLetter(w, NOW.minus(Duration.ofMinutes(45)), "rp-bad-json");
        FleetData.generations(w, NOW.minus(Duration.ofMinutes(10)), "rp-chat", "EDGE", "pi5-hailo8l", 50, 200, 2000, 64,
                3000);
        // 4 then (running count) 7 events of rp-late's key came too late while this window was its newest.
        Instant lateWindow = NOW.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));
        FleetData.lateWindow(w, lateWindow, "rp-late", "rp-model", "EDGE", "pi5-hailo8l", 30, 40, 4, 34);
        FleetData.lateWindow(w, lateWindow, "rp-late", "rp-model", "EDGE", "pi5-hailo8l", 30, 40, 7, 37);
        FleetData.deviceSample(w, NOW.minus(Duration.ofMinutes(30)), "rp-silent", "pi5-hailo8l", "EDGE", 50);
        // A test that ran on the cloud three hours ago, then a run of it on edge devices only, 10× slower.
        FleetData.windows(w, NOW.minus(Duration.ofHours(3)), "rp-edge-only", "rp-edge-model", "CLOUD", "cloud-a10g",
                20, 50, 8, 43);
        FleetData.inferences(w, "rp-run-edge", NOW, 20, 50, "rp-edge-only", "rp-edge-model", "EDGE", "rp-pi-2",
                "pi5-hailo8l", 80, 9, 4);
        // Figures of nothing: a window of failed inferences only (no latency), advice on no data with no cost.
        w.update("""
                INSERT INTO parallax.latency_windows (window_start, window_end, test_id, model_name, model_version,
                    precision, tier, device_class, count, errors, sketch, late_events, version)
                VALUES (?, ?, 'rp-failing', 'rp-model', 'v1', 'INT8', 'EDGE', 'pi5-hailo8l', 5, 5, '', 0, 1)
                """, lateWindow, lateWindow.plus(Duration.ofMinutes(1)));
        w.update("""
                INSERT INTO parallax.recommendations (test_id, current_tier, recommended_tier, placement, reason,
                    evidence, confidence, monthly_cost_delta_usd, computed_at, version)
                VALUES ('rp-failing', 'EDGE', 'EDGE', 'KEEP', 'not enough data', '', 0, NULL, ?, 1)
                """, NOW);
    }

    @Test
    void theReportHoldsEverySectionOfThePeriodAndNeedsNoOtherHost() {
        String html = new DriftReport(warehouse.warehouse()).html(FROM, NOW, NOW);
        for (String expected : List.of(
                "rp-silent (pi5-hailo8l) silent for 30 min", "1 dead letters; latest: rp-bad-json",
                "rp-model INT8 · pi5-hailo8l", "OVER: flip rate 4 % &gt; 1 %",
                "<h3>rp-test</h3>", "rp-test: p99 over time", "EDGE p99", "CLOUD p99", "<polyline",
                "<td>rp-pi</td><td>pi5-hailo8l</td><td>1</td><td>300 s</td><td>85.5 °C</td><td>1.7×</td>",
                // (9 − 4) W × 40 ms for run rp-run, × 10 ms for rp-run-ok: 1000 of each.
                "<td>rp-model</td><td>INT8</td><td>pi5-hailo8l</td><td>2,000</td><td>0.125 J</td>",
                "<td>rp-bad-json</td><td>1</td>", "<td>rp-silent</td>")) {
            assertTrue(html.contains(expected), "report lacks: " + expected);
        }
        String dataQuality = html.substring(html.indexOf("<section id=\"data-quality\">"));
        for (String expected : List.of("<h3>Too late (beyond the horizon)</h3>",
                "<tr><th>Test</th><th>Events too late</th></tr>", "<tr><td>rp-late</td><td>7</td></tr>",
                "<tr><td>rp-test</td><td>0</td></tr>")) {
            assertTrue(dataQuality.contains(expected), "data quality lacks: " + expected);
        }
        assertTrue(dataQuality.indexOf("Dead letters") < dataQuality.indexOf("Too late"), "beside the dead letters");
        // The LLM test only, with its time to first token and tokens per second.
        String generation = html.substring(html.indexOf("<section id=\"generation\">"),
                html.indexOf("</section>", html.indexOf("<section id=\"generation\">")));
        assertTrue(generation.contains("<h3>rp-chat</h3>") && !generation.contains("rp-test"), generation);
        assertTrue(generation.matches("(?s).*<td>EDGE</td><td>pi5-hailo8l</td><td>50</td><td>224 ms \\(95 % CI [\\d.]+ – "
                + "[\\d.]+\\)</td><td>248 ms \\(not enough samples: 50 of 368\\)</td><td>32 \\(95 % CI 32 – 32\\)</td>.*"
                + "<td>3,009 MB</td>.*"), generation);
        // 1,000 inferences per tier: p50 and p99 have their intervals, p99.9 is short of samples for one.
        String edge = html.substring(html.indexOf("<h3>rp-test</h3>"));
        edge = edge.substring(edge.indexOf("<td>EDGE</td>"), edge.indexOf("</tr>", edge.indexOf("<td>EDGE</td>")));
        assertTrue(edge.matches("<td>EDGE</td><td>1,000</td><td>0</td><td>[\\d.]+ ms \\(95 % CI [\\d.]+ – [\\d.]+\\)</td>"
                + "(<td>[\\d.]+ ms \\(95 % CI [\\d.]+ – [\\d.]+\\)</td>){2}<td>[\\d.]+ ms \\(not enough samples: 1,000 of "
                + Figures.count(PercentileConfidence.SHOWN.samplesForInterval(0.999)) + "\\)</td>"), edge);
        assertTrue(html.matches("(?s).*<p>\\d+ opened, \\d+ closed in the period.</p>.*"));
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.replace("http://www.w3.org/2000/svg", "").matches("(?s).*(https?:)?//[a-z].*"),
                "no external host");
    }

    @Test
    void onlyOperatorsMayGenerateAReportOnRequest() {
        Reports reports = new Reports(warehouse.warehouse(), CLOCK);
        Instant from = NOW.minus(Duration.ofMinutes(90));
        // Other tests of this class keep reports in the same warehouse: count, before and after.
        List<StoredReport> before = reports.list(100);
        assertThrows(SecurityException.class, () -> reports.generateFor(Someone.as("vera", Roles.VIEWER), from, NOW));
        assertEquals(before, reports.list(100), "nothing kept");
        StoredReport report = reports.generateFor(Someone.as("olga", Roles.OPERATOR, Roles.VIEWER), from, NOW);
        assertEquals("on-demand", report.kind());
    }

    @Test
    void aGeneratedReportIsKeptListedAndReplacedWhenRegenerated() {
        Reports reports = new Reports(warehouse.warehouse(), CLOCK);
        StoredReport first = reports.generate("daily", FROM, NOW);
        CLOCK.advance(Duration.ofSeconds(1));
        StoredReport again = reports.generate("daily", FROM, NOW);
        assertEquals(first.reportId(), again.reportId());
        List<StoredReport> kept = reports.list(100).stream().filter(r -> r.reportId().equals(first.reportId())).toList();
        assertEquals(1, kept.size());
        assertEquals(again.createdAt(), kept.getFirst().createdAt());
        assertTrue(reports.html(first.reportId()).orElseThrow().contains("rp-test: p99 over time"));
    }

    @Test
    void aPreviewIsTheReportWithoutKeepingIt() {
        Reports reports = new Reports(warehouse.warehouse(), CLOCK);
        Instant from = NOW.minus(Duration.ofMinutes(75));
        List<StoredReport> before = reports.list(100);
        String preview = reports.preview(from, NOW);
        assertTrue(preview.contains(DriftReport.title(from, NOW)) && preview.contains("rp-test: p99 over time"));
        assertEquals(before, reports.list(100), "nothing kept");
    }

    @Test
    void onlyOperatorsDeleteAReportAndItStaysDeletedUntilRegenerated() {
        Reports reports = new Reports(warehouse.warehouse(), CLOCK);
        Instant from = NOW.minus(Duration.ofMinutes(45));
        StoredReport kept = reports.generate("on-demand", from, NOW);
        assertThrows(SecurityException.class, () -> reports.deleteFor(Someone.as("vera", Roles.VIEWER), kept));
        assertTrue(reports.html(kept.reportId()).isPresent(), "a viewer deleted nothing");
        CLOCK.advance(Duration.ofSeconds(1));
        reports.deleteFor(Someone.as("olga", Roles.OPERATOR, Roles.VIEWER), kept);
        assertTrue(reports.html(kept.reportId()).isEmpty());
        assertTrue(reports.list(100).stream().noneMatch(r -> r.reportId().equals(kept.reportId())));
        CLOCK.advance(Duration.ofSeconds(1));
        assertEquals(kept.reportId(), reports.generate("on-demand", from, NOW).reportId());
        assertTrue(reports.html(kept.reportId()).isPresent(), "generated again, it is kept again");
    }

    @Test
    void noRawNumberReachesTheReport() {
        String html = new DriftReport(warehouse.warehouse()).html(FROM, NOW, NOW);
        String failing = html.substring(html.indexOf("<h3>rp-failing</h3>"));
        assertTrue(failing.contains("<td>EDGE</td><td>5</td><td>5</td><td>not enough data</td>"), failing);
        String placement = html.substring(html.indexOf("<section id=\"placement\">"));
        assertTrue(placement.contains("<td>rp-failing</td><td>EDGE</td><td>KEEP</td><td>not enough data</td>"
                + "<td>not enough data</td><td>not enough data</td>"), placement);
        RawNumbers.assertNone(html);
    }

    @Test
    void theCommandLineWritesTheReport(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.html");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ReportCli.run(new String[] {"--out", file.toString(), "--from", FROM.toString(), "--to",
                NOW.toString()}, warehouse.config(Map.of()), CLOCK, new PrintStream(out), System.err);
        assertEquals(0, code);
        assertTrue(Files.readString(file).contains("OVER: flip rate"));
        assertEquals(2, ReportCli.run(new String[] {"--from", "yesterday"}, warehouse.config(Map.of()), CLOCK,
                new PrintStream(out), new PrintStream(new ByteArrayOutputStream())));
    }

    @Test
    void theGateFailsARunThatBreachesARuleAndPassesOneThatDoesNot() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new ByteArrayOutputStream());
        assertEquals(GateCli.BREACH, GateCli.run(new String[] {"--run-id", "rp-run"}, warehouse.config(Map.of()),
                new PrintStream(out), err));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("edge-cloud-p99-ratio (test=rp-test)"), printed);
        assertTrue(printed.contains("edge p99 40 ms (95 % CI 40 – 40) is 5× cloud p99 8 ms (95 % CI 8 – 8)"), printed);
        // 1,000 inferences per tier: each p99 with its interval (every inference of a tier took the same time).
        assertTrue(printed.contains("  edge vs cloud p99 · rp-test: EDGE 40 ms (95 % CI 40 – 40) over 1,000, CLOUD 8 ms"
                + " (95 % CI 8 – 8) over 1,000"), printed);

        out.reset();
        assertEquals(GateCli.PASS, GateCli.run(new String[] {"--run-id", "rp-run-ok"}, warehouse.config(Map.of()),
                new PrintStream(out), err));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("PASS run rp-run-ok"));
        out.reset();
        assertEquals(GateCli.BREACH, GateCli.run(new String[] {"--run-id", "rp-run-edge"}, warehouse.config(Map.of()),
                new PrintStream(out), err), "an edge-only run against the test's cloud tail before it, as the alert");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("edge-cloud-p99-ratio (test=rp-edge-only)"),
                out.toString(StandardCharsets.UTF_8));
        assertEquals(GateCli.UNDECIDED, GateCli.run(new String[] {"--run-id", "no-such-run"},
                warehouse.config(Map.of()), new PrintStream(out), err));
    }
}
