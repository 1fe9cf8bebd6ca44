package dev.parallax.analytics.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.alert.AlertSettings.TestOverrides;
import dev.parallax.analytics.alert.FleetSnapshot.DeviceLastSeen;
import dev.parallax.analytics.alert.FleetSnapshot.DivergenceSeries;
import dev.parallax.analytics.alert.FleetSnapshot.LatencySeries;
import dev.parallax.analytics.alert.FleetSnapshot.ThrottleShare;
import dev.parallax.analytics.alert.FleetSnapshot.TierComparison;
import dev.parallax.analytics.alert.FleetSnapshot.Window;
import dev.parallax.analytics.divergence.DivergenceSummary;
import dev.parallax.analytics.latency.DDQuantileSketch;
import dev.parallax.analytics.latency.QuantileSketch;
import dev.parallax.analytics.divergence.DivergenceTolerances;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefaultRulesTest {

    private static final AlertSettings BUDGET_100 = AlertSettings.DEFAULTS.withOverrides(
            Map.of("t1", new TestOverrides(100.0, null, null)));

    /** A sketch of {@code samples} latencies spread evenly up to {@code p99 / 0.99}: its p99 is {@code p99}. */
    private static QuantileSketch latencies(long samples, double p99) {
        QuantileSketch sketch = DDQuantileSketch.withRelativeAccuracy(0.001);
        for (long i = 1; i <= samples; i++) sketch.add(p99 / 0.99 * i / samples);
        return sketch;
    }

    private static LatencySeries series(long samplesPerWindow, double... p99s) {
        List<Window> windows = new java.util.ArrayList<>();
        for (int i = 0; i < p99s.length; i++) {
            windows.add(new Window(Snapshots.NOW.minusSeconds(60L * (p99s.length - i)), latencies(samplesPerWindow, p99s[i])));
        }
        return new LatencySeries("t1", "resnet", Tier.EDGE, "pi5-hailo8l", windows);
    }

    @Test
    void budgetRuleNeedsThreeConsecutiveWindowsOverBudget() {
        LatencyBudgetRule rule = new LatencyBudgetRule();
        assertEquals(1, rule.evaluate(Snapshots.latency(series(300, 90, 120, 130, 140)), BUDGET_100).size());
        assertTrue(rule.evaluate(Snapshots.latency(series(300, 120, 130, 90, 140)), BUDGET_100).isEmpty(),
                "the run of windows over budget was broken");
        assertTrue(rule.evaluate(Snapshots.latency(series(300, 120, 130)), BUDGET_100).isEmpty(), "only two windows");
        assertTrue(rule.evaluate(Snapshots.latency(series(300, 120, 130, 140)), AlertSettings.DEFAULTS).isEmpty(),
                "no budget, no alert");
    }

    @Test
    void budgetRuleWaitsFor662SamplesBeforeTrustingAP99() {
        LatencyBudgetRule rule = new LatencyBudgetRule();
        assertTrue(rule.evaluate(Snapshots.latency(series(220, 120, 130, 140)), BUDGET_100).isEmpty(), "660 samples");
        Finding f = rule.evaluate(Snapshots.latency(series(221, 120, 130, 140)), BUDGET_100).getFirst();
        assertEquals(140, f.value(), 140 * 0.01);
        // The three windows' p99 together, with where the true one lies (issue 16: confidence on every tail).
        assertTrue(f.summary().matches(".*together [\\d.]+ ms \\(95 % CI [\\d.]+ – [\\d.]+\\).*"),
                f.summary());
        assertEquals(100, f.threshold());
        assertEquals("test=t1 model=resnet tier=EDGE device_class=pi5-hailo8l", f.subject());
    }

    @Test
    void mutedRuleStaysSilentForThatTestOnly() {
        AlertSettings muted = AlertSettings.DEFAULTS.withOverrides(
                Map.of("t1", new TestOverrides(100.0, null, Set.of(LatencyBudgetRule.ID))));
        assertTrue(new LatencyBudgetRule().evaluate(Snapshots.latency(series(300, 120, 130, 140)), muted).isEmpty());
    }

    @Test
    void edgeCloudRatioRespectsPerTestOverrideAndSampleSizes() {
        EdgeCloudRatioRule rule = new EdgeCloudRatioRule();
        TierComparison fourTimes = new TierComparison("t1", latencies(5000, 80), latencies(5000, 20));
        Finding f = rule.evaluate(Snapshots.tiers(fourTimes), AlertSettings.DEFAULTS).getFirst();
        assertEquals(4.0, f.value(), 4.0 * 0.002);
        assertTrue(f.summary().matches("t1 edge p99 [\\d.]+ ms \\(95 % CI [\\d.]+ – [\\d.]+\\) is [\\d.]+× cloud p99 [\\d.]+ ms \\(95 % CI [\\d.]+ – [\\d.]+\\) \\(limit .+"),
                f.summary());
        AlertSettings lenient = AlertSettings.DEFAULTS.withOverrides(Map.of("t1", new TestOverrides(null, 5.0, null)));
        assertTrue(rule.evaluate(Snapshots.tiers(fourTimes), lenient).isEmpty());
        assertTrue(rule.evaluate(Snapshots.tiers(new TierComparison("t1", latencies(600, 80), latencies(5000, 20))),
                AlertSettings.DEFAULTS).isEmpty(), "edge p99 from 600 samples decides nothing");
    }

    @Test
    void divergenceOverAnyToleranceAlerts() {
        DivergenceRule rule = new DivergenceRule();
        DivergenceSeries ok = new DivergenceSeries("resnet", Precision.INT8, "pi5-hailo8l",
                new DivergenceSummary(500, 0.004, Double.NaN, Double.NaN, Double.NaN, 0.998, 38, Double.NaN, 0));
        DivergenceSeries lowSqnr = new DivergenceSeries("resnet", Precision.INT4, "pi5-hailo8l",
                new DivergenceSummary(500, 0.004, Double.NaN, Double.NaN, Double.NaN, 0.998, 24, Double.NaN, 0));
        List<Finding> findings = rule.evaluate(Snapshots.divergence(ok, lowSqnr), AlertSettings.DEFAULTS);
        assertEquals(1, findings.size());
        assertTrue(findings.getFirst().summary().contains("mean SQNR 24 dB < 30 dB"), findings.toString());
        assertEquals("model=resnet precision=INT4 device_class=pi5-hailo8l", findings.getFirst().subject());
    }

    @Test
    void divergenceIsJudgedByTheToleranceOfItsModelAndPrecision() {
        DivergenceRule rule = new DivergenceRule();
        DivergenceSummary sqnr38 = new DivergenceSummary(500, 0.004, Double.NaN, Double.NaN, Double.NaN, 0.998, 38,
                Double.NaN, 0);
        FleetSnapshot snapshot = Snapshots.divergence(new DivergenceSeries("resnet", Precision.INT8, "pi5-hailo8l",
                sqnr38), new DivergenceSeries("mobilenet", Precision.INT8, "pi5-hailo8l", sqnr38),
                new DivergenceSeries("resnet", Precision.FP16, "jetson-orin-nano", sqnr38));
        AlertSettings d = AlertSettings.DEFAULTS;
        AlertSettings int8At40 = new AlertSettings(
                DivergenceTolerances.parse("*/INT8: sqnr=40; mobilenet/INT8: sqnr=35"), d.latencyBudgetMs(), d.budgetWindows(), d.edgeCloudRatio(), d.driftShift(), d.driftSignificance(),
                d.maxThrottledShare(), d.silentAfter(), d.clockOffsetLimit(), d.reliability(), d.overrides());
        assertEquals(List.of(), rule.evaluate(snapshot, d), "38 dB is within SPEC 5's 30 dB");
        List<Finding> findings = rule.evaluate(snapshot, int8At40);
        assertEquals(List.of("model=resnet precision=INT8 device_class=pi5-hailo8l"),
                findings.stream().map(Finding::subject).toList(), "mobilenet has its own 35 dB, FP16 keeps 30 dB");
        assertTrue(findings.getFirst().summary().contains("mean SQNR 38 dB < 40 dB"), findings.toString());
    }

    @Test
    void throttleImpactAboveFivePercent() {
        ThrottleImpactRule rule = new ThrottleImpactRule();
        assertTrue(rule.evaluate(Snapshots.throttle(new ThrottleShare("t1", 1000, 50)), AlertSettings.DEFAULTS).isEmpty());
        assertEquals(0.051, rule.evaluate(Snapshots.throttle(new ThrottleShare("t1", 1000, 51)),
                AlertSettings.DEFAULTS).getFirst().value(), 1e-12);
    }

    @Test
    void deviceSilentForMoreThanTenMinutes() {
        SilentDeviceRule rule = new SilentDeviceRule();
        DeviceLastSeen recent = new DeviceLastSeen("pi-1", "pi5-hailo8l", Snapshots.NOW.minus(Duration.ofMinutes(9)),
                Duration.ZERO);
        DeviceLastSeen silent = new DeviceLastSeen("pi-2", "pi5-hailo8l", Snapshots.NOW.minus(Duration.ofMinutes(11)),
                null);
        List<Finding> findings = rule.evaluate(Snapshots.devices(recent, silent), AlertSettings.DEFAULTS);
        assertEquals(List.of("device=pi-2"), findings.stream().map(Finding::subject).toList());
    }

    private static DeviceLastSeen clock(String deviceId, Duration offset) {
        return new DeviceLastSeen(deviceId, "pi5-hailo8l", Snapshots.NOW.minusSeconds(5), offset);
    }

    @Test
    void deviceClockOffByTwoMinutesOrMoreAheadOrBehind() {
        ClockOffsetRule rule = new ClockOffsetRule();
        List<Finding> findings = rule.evaluate(Snapshots.devices(
                clock("pi5-07", Duration.ofMinutes(10)),
                clock("pi5-08", Duration.ofSeconds(-185)),
                clock("pi5-09", Duration.ofMinutes(-2)),
                clock("pi5-10", Duration.ofSeconds(119).plusMillis(999)),
                clock("pi5-11", Duration.ofSeconds(-119)),
                clock("pi5-12", Duration.ofMillis(40)),
                clock("pi5-13", null)), AlertSettings.DEFAULTS);

        assertEquals(List.of("device=pi5-07", "device=pi5-08", "device=pi5-09"),
                findings.stream().map(Finding::subject).toList(), "2 min exactly alerts, 1:59.999 does not");
        Finding ahead = findings.getFirst();
        assertEquals(ClockOffsetRule.ID, ahead.rule());
        assertEquals("device-clock-off", ahead.rule());
        assertEquals(Severity.WARNING, ahead.severity());
        assertEquals("pi5-07 (pi5-hailo8l) clock 10.0 min ahead", ahead.summary());
        assertEquals(600, ahead.value(), 1e-9);
        assertEquals(120, ahead.threshold(), 1e-9);
        Finding behind = findings.get(1);
        assertEquals("pi5-08 (pi5-hailo8l) clock 3.1 min behind", behind.summary());
        assertEquals(185, behind.value(), 1e-9, "the size of the offset is what breaks the limit");
        assertEquals("pi5-09 (pi5-hailo8l) clock 2.0 min behind", findings.get(2).summary());
    }

    @Test
    void clockOffsetLimitIsASetting() {
        AlertSettings d = AlertSettings.DEFAULTS;
        assertEquals(Duration.ofMinutes(2), d.clockOffsetLimit(), "SPEC 3a default");
        AlertSettings lenient = new AlertSettings(d.tolerance(), d.latencyBudgetMs(), d.budgetWindows(),
                d.edgeCloudRatio(), d.driftShift(), d.driftSignificance(), d.maxThrottledShare(), d.silentAfter(),
                Duration.ofMinutes(15), d.reliability(), d.overrides());
        ClockOffsetRule rule = new ClockOffsetRule();
        assertTrue(rule.evaluate(Snapshots.devices(clock("pi5-07", Duration.ofMinutes(10))), lenient).isEmpty());
        assertEquals("pi5-07 (pi5-hailo8l) clock 20.0 h behind", rule.evaluate(Snapshots.devices(
                clock("pi5-07", Duration.ofHours(-20))), lenient).getFirst().summary());
        assertEquals(Duration.ofMinutes(15), lenient.withOverrides(Map.of()).clockOffsetLimit(), "kept by overrides");
        assertThrows(IllegalArgumentException.class, () -> new AlertSettings(d.tolerance(), d.latencyBudgetMs(),
                d.budgetWindows(), d.edgeCloudRatio(), d.driftShift(), d.driftSignificance(), d.maxThrottledShare(),
                d.silentAfter(), Duration.ZERO, d.reliability(), d.overrides()));
    }

    @Test
    void clockOffsetsReadAsPeopleSayThem() {
        assertEquals("0 s", ClockOffsetRule.magnitude(Duration.ofMillis(400)));
        assertEquals("45 s", ClockOffsetRule.magnitude(Duration.ofMillis(-45_900)));
        assertEquals("1.0 min", ClockOffsetRule.magnitude(Duration.ofSeconds(60)));
        assertEquals("10.0 min", ClockOffsetRule.magnitude(Duration.ofMinutes(-10)));
        assertEquals("3.5 h", ClockOffsetRule.magnitude(Duration.ofMinutes(210)));
        assertEquals("8.2 d", ClockOffsetRule.magnitude(Duration.ofHours(-197)));
    }

    @Test
    void anyDeadLetterAlerts() {
        DeadLetterRule rule = new DeadLetterRule();
        assertTrue(rule.evaluate(Snapshots.deadLetters(0), AlertSettings.DEFAULTS).isEmpty());
        assertTrue(rule.evaluate(Snapshots.deadLetters(3), AlertSettings.DEFAULTS).getFirst().summary()
                .contains("3 dead letters; latest: length mismatch"));
    }

    @Test
    void everyDefaultRuleHasADistinctId() {
        assertEquals(8, DefaultRules.ALL.size());
        assertEquals(8, DefaultRules.ALL.stream().map(AlertRule::id).distinct().count());
    }
}
