package dev.parallax.insights.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.changepoint.ChangePointSettings;
import dev.parallax.analytics.regression.RunMetric;
import dev.parallax.config.ClickHouseRole;
import dev.parallax.insights.FleetData;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.regression.ChangePoints;
import dev.parallax.insights.regression.RegressionConfiguration;
import dev.parallax.insights.regression.RunSeriesReader;
import dev.parallax.insights.regression.SeriesKey;
import dev.parallax.insights.regression.StoredChangePoints;
import dev.parallax.insights.warehouse.Warehouse;
import dev.parallax.insights.warehouse.WarehouseConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The gate's regression checks (issue 16) over series of runs seeded in the real engine: a run that starts a planted
 * 20 % latency step fails with its evidence, a clean run passes with its numbers, both in JUnit XML, and a regression
 * marked expected no longer fails.
 */
class GateRegressionTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static final Instant FIRST = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3));
    static final int CLEAN_RUNS = 30;

    /**
     * {@code CLEAN_RUNS} runs of a test an hour apart at about 40 ms (1 % run-to-run noise; every inference of a run
     * takes the same time, so its p50 and p99 are that), then {@code stepped} runs 20 % slower.
     */
    static void series(String testId, int stepped) {
        series(testId, stepped, FIRST);
    }

    static void series(String testId, int stepped, Instant first) {
        Warehouse w = warehouse.warehouse();
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < CLEAN_RUNS + stepped; i++) {
            double level = i < CLEAN_RUNS ? 40 : 48;
            FleetData.inferences(w, testId + "-run-" + (i + 1), first.plus(Duration.ofHours(i)), 1, 20, testId,
                    "rg-model", "EDGE", "rg-pi", "pi5-hailo8l", level * (1 + 0.01 * random.nextGaussian()), 9, 4);
        }
    }

    @BeforeAll
    static void load() {
        series("rg-step", 3);
        series("rg-clean", 0);
        series("rg-expected", 3);
    }

    @Test
    void aRunThatStartsARegressionFailsWithItsEvidenceInJUnitXml(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path xml = dir.resolve("gate.xml");
        assertEquals(GateCli.BREACH, gate(out, "--run-id", "rg-step-run-31", "--junit", xml.toString()));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("FAIL run rg-step-run-31: 0 rule breach(es), 3 regression(s)"), printed);
        String p99 = line(printed, "  [REGRESSION] p99 latency · rg-step · rg-model INT8 · EDGE pi5-hailo8l: ");
        // 1 % noise is far below the 5 % floor: no noise-only series of the calibration raises a regression.
        assertTrue(p99.matches(".*p99 latency \\d\\d\\.\\d+ ms → 4\\d\\.\\d+ ms"
                + " \\(\\+\\d\\d\\.\\d %, magnitude \\d\\d\\.\\d %"
                + " > floor 5\\.0 %\\), p = \\S+ < 0\\.001; 30 runs before, 3 from this run on; this run 4\\d\\.\\d+ ms"
                + " \\(not enough samples: 20 of 368 inferences\\); a regression;"
                + " false alarms at p < 0\\.001, floor 5\\.0 % for 33 runs at this series' noise \\(\\S+ %\\):"
                + " none in 200 noise-only series \\(below 0\\.5 % of series\\)"), p99);
        assertTrue(printed.contains("[REGRESSION] p50 latency · rg-step"), printed);
        assertTrue(printed.contains("[REGRESSION] energy per inference · rg-step"), printed);
        assertTrue(printed.contains("  share throttled · rg-step · rg-model INT8 · EDGE pi5-hailo8l: share throttled"
                + " 0.00 %, run 31 of 33 (before it: 0.00 %); no change point starts at this run; false alarms at"
                + " p < 0.001, floor 5.0 %: none (the series has no run-to-run noise)"),
                "passed checks print their numbers: " + printed);
        assertTrue(printed.contains("11.5 % of noise-only 200-run series"), printed);

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("3", suite.getAttribute("failures"));
        assertEquals("0", suite.getAttribute("errors"));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(Integer.parseInt(suite.getAttribute("tests")), cases.getLength());
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            NodeList failure = c.getElementsByTagName("failure");
            if (failure.getLength() > 0) {
                failed.add(c.getAttribute("name"));
                String message = ((Element) failure.item(0)).getAttribute("message");
                assertTrue(message.contains(" → "), c.getAttribute("name"));
            }
        }
        assertEquals(List.of("p50 latency · rg-step · rg-model INT8 · EDGE pi5-hailo8l",
                "p99 latency · rg-step · rg-model INT8 · EDGE pi5-hailo8l",
                "energy per inference · rg-step · rg-model INT8 · EDGE pi5-hailo8l"), failed);
    }

    @Test
    void aCleanRunPassesAndPrintsItsNumbers(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path xml = dir.resolve("gate.xml");
        assertEquals(GateCli.PASS, gate(out, "--junit", xml.toString(), "--run-id", "rg-clean-run-30"));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("PASS run rg-clean-run-30: no rule breached"), printed);
        String p99 = line(printed, "  p99 latency · rg-clean · rg-model INT8 · EDGE pi5-hailo8l: ");
        // Every inference of a run takes the same time: the p50's interval is that value.
        assertTrue(line(printed, "  p50 latency · rg-clean").matches(".*p50 latency \\d\\d\\.\\d+ ms"
                + " \\(95 % CI (\\d\\d(\\.\\d)?) – \\1 ms over 20 inferences\\), run 30 of 30.*"), printed);
        assertTrue(p99.matches(".*p99 latency \\d\\d\\.\\d+ ms \\(not enough samples: 20 of 368 inferences\\),"
                + " run 30 of 30 \\(before it: \\d\\d\\.\\d+ ms\\); no change"
                + " point starts at this run; false alarms .*"), p99);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertEquals("0", ((Element) doc.getElementsByTagName("testsuite").item(0)).getAttribute("failures"));
        assertTrue(doc.getElementsByTagName("system-out").getLength() > 0, "passed checks carry their numbers");
    }

    @Test
    void aRegressionMarkedExpectedNoLongerFails() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(GateCli.BREACH, gate(out, "--run-id", "rg-expected-run-31"));
        SeriesKey key = new SeriesKey("rg-expected", "rg-model", "INT8", "EDGE", "pi5-hailo8l");
        assertEquals(List.of(), new StoredChangePoints(warehouse.warehouse()).ofSeries(key), "the gate only reads");
        ChangePoints changePoints = asUi(RegressionConfiguration.settings(warehouse.config(Map.of())));
        changePoints.analyse(key); // as the UI's background analysis does
        assertThrows(IllegalArgumentException.class,
                () -> changePoints.expect(key, RunMetric.P99_LATENCY_MS, "rg-expected-run-30", "olga", "no such"));
        for (RunMetric metric : List.of(RunMetric.P50_LATENCY_MS, RunMetric.P99_LATENCY_MS)) {
            changePoints.expect(key, metric, "rg-expected-run-31", "olga", "new model version, slower by design");
        }
        out.reset();
        assertEquals(GateCli.BREACH, gate(out, "--run-id", "rg-expected-run-31"));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("FAIL run rg-expected-run-31: 0 rule breach(es), 1 regression(s)"), printed);
        assertTrue(printed.contains("[REGRESSION] energy per inference"), printed);
        assertTrue(printed.contains("a regression marked expected by olga"), printed);

        changePoints.expect(key, RunMetric.ENERGY_J, "rg-expected-run-31", "olga", "");
        out.reset();
        assertEquals(GateCli.PASS, gate(out, "--run-id", "rg-expected-run-31"));
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("[REGRESSION]"));
    }

    @Test
    void theDriftReportListsTheChangePointsAtItsRuns() {
        ChangePoints changePoints = asUi(RegressionConfiguration.settings(warehouse.config(Map.of())));
        changePoints.analyse(new SeriesKey("rg-step", "rg-model", "INT8", "EDGE", "pi5-hailo8l"));
        Instant run31 = FIRST.plus(Duration.ofHours(CLEAN_RUNS));
        String html = new DriftReport(warehouse.warehouse()).html(run31.minus(Duration.ofMinutes(30)),
                run31.plus(Duration.ofMinutes(30)), run31);
        String section = html.substring(html.indexOf("<section id=\"change-points\">"));
        section = section.substring(0, section.indexOf("</section>"));
        assertTrue(section.matches("(?s).*<tr><td>rg-step-run-31</td><td>[^<]+</td><td>rg-step · rg-model INT8 · EDGE"
                + " pi5-hailo8l</td><td>p99 latency</td><td>\\d\\d\\.\\d+ ms → 4\\d\\.\\d+ ms</td>"
                + "<td>\\+\\d\\d(\\.\\d)? %</td>"
                + "<td>[^<]+</td><td class=\"bad\">OVER: regression</td></tr>.*"), section);
        String before = new DriftReport(warehouse.warehouse()).html(run31.minus(Duration.ofHours(3)),
                run31.minus(Duration.ofMinutes(30)), run31);
        assertFalse(before.contains("<td>rg-step-run-"), "no change point at the runs before");
    }

    @Test
    void theReportCommandAnalysesThePeriodsSeriesFirst(@TempDir Path dir) throws Exception {
        // Days before the other series: the period holds this one only.
        Instant first = FIRST.minus(Duration.ofDays(5));
        series("rg-cli", 3, first);
        Instant run31 = first.plus(Duration.ofHours(CLEAN_RUNS));
        Path file = dir.resolve("report.html");
        String from = run31.minus(Duration.ofMinutes(30)).toString();
        String to = run31.plus(Duration.ofMinutes(30)).toString();
        assertEquals(0, ReportCli.run(new String[] {"--out", file.toString(), "--from", from, "--to", to},
                warehouse.config(Map.of()), Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream())));
        assertTrue(Files.readString(file).contains("<tr><td>rg-cli-run-31</td>"), "listed without a gate or a UI");
    }

    @Test
    void aChangePointTheNewestAnalysisNoLongerFindsIsRetracted() {
        Warehouse w = warehouse.warehouse();
        SeriesKey key = new SeriesKey("rg-retract", "rg-model", "INT8", "EDGE", "pi5-hailo8l");
        series(key.testId(), 3);
        ChangePoints floor5 = asUi(new ChangePointSettings(50, 0.001, 0.05));
        assertEquals(3, floor5.analyse(key).changes().size(), "p50, p99 and energy up 20 %");
        // The same series under a floor above the step: nothing is found, and what was stored is withdrawn.
        ChangePoints floor30 = asUi(new ChangePointSettings(50, 0.001, 0.30));
        assertEquals(List.of(), floor30.analyse(key).changes());
        assertEquals(List.of(), new StoredChangePoints(w).ofSeries(key));
        assertEquals(3L, w.query("""
                SELECT count() FROM parallax.change_points FINAL WHERE test_id = 'rg-retract' AND retracted = 1
                """, rs -> rs.getLong(1)).getFirst(), "kept, as retracted");
        assertEquals(3, floor5.analyse(key).changes().size(), "found again, in force again");
    }

    @Test
    void theGateJudgesDivergenceByTheConfiguredToleranceOfTheModelAndPrecision() {
        Warehouse w = warehouse.warehouse();
        Instant at = FIRST.plus(Duration.ofHours(2));
        FleetData.inferences(w, "rg-div-run", at, 1, 10, "rg-div", "rg-div-model", "EDGE", "rg-pi", "pi5-hailo8l", 40,
                9, 4);
        for (int i = 0; i < 10; i++) {
            FleetData.divergencePair(w, "rg-div-run", "rg-div", "rg-div-model", "INT8", "pi5-hailo8l",
                    at.minusSeconds(50 - i), true, 38);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(GateCli.PASS, gate(out, "--run-id", "rg-div-run"), "38 dB is within SPEC 5's 30 dB");
        out.reset();
        assertEquals(GateCli.BREACH, GateCli.run(new String[] {"--run-id", "rg-div-run"},
                warehouse.config(Map.of("divergence.tolerances", "*/INT8: sqnr=40")),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream())));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("divergence-over-tolerance (model=rg-div-model precision=INT8"
                + " device_class=pi5-hailo8l): rg-div-model INT8 on pi5-hailo8l: mean SQNR 38 dB < 40 dB"),
                printed);
    }

    @Test
    void badArgumentsAreUndecided() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(GateCli.UNDECIDED, gate(out, "--run-id"));
        assertEquals(GateCli.UNDECIDED, gate(out, "--junit", "x.xml"));
        assertEquals(GateCli.UNDECIDED, gate(out, "--run-id", "rg-step-run-1", "--color", "yes"));
    }

    /** Change points as the UI keeps them: connected as its role, held to its grants. */
    private static ChangePoints asUi(ChangePointSettings settings) {
        Warehouse ui = WarehouseConfiguration.connect(warehouse.config(Map.of()), ClickHouseRole.UI);
        return new ChangePoints(ui, new RunSeriesReader(ui), settings, Clock.systemUTC());
    }

    private static int gate(ByteArrayOutputStream out, String... args) {
        return GateCli.run(args, warehouse.config(Map.of()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));
    }

    private static String line(String printed, String start) {
        return printed.lines().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting '" + start + "' in:\n" + printed));
    }
}
