package dev.parallax.insights.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.alert.AlertSettings.TestOverrides;
import dev.parallax.analytics.alert.AlertSettings;
import dev.parallax.analytics.alert.DefaultRules;
import dev.parallax.analytics.alert.EdgeCloudRatioRule;
import dev.parallax.config.KafkaClientSettings;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.contract.Topics;
import dev.parallax.insights.FleetData;
import dev.parallax.insights.KafkaFixture;
import dev.parallax.insights.TestClock;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.warehouse.Warehouse;
import dev.parallax.metrics.MetricsEndpoint;
import dev.parallax.sink.ClickHouseSink;
import dev.parallax.testkit.PrometheusText;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The alert center over a real ClickHouse with known data and a real Kafka broker: every default rule raises on
 * its condition, overrides mute and move thresholds, acknowledgement and resolution are events, the ledger rebuilds
 * from the topic, and the real sink projects the topic into the {@code alerts} table.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertCenterTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static KafkaFixture kafka;
    static final TestClock CLOCK = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static final Instant NOW = CLOCK.instant();
    static AlertCenter center;
    static MetricsEndpoint metrics;
    static AlertOverrides overrides;

    static final String BUDGET = "p99-over-budget|test=ac-budget model=resnet50 tier=EDGE device_class=pi5-hailo8l";
    static final String RATIO = "edge-cloud-p99-ratio|test=ac-ratio";
    static final String MUTED = "edge-cloud-p99-ratio|test=ac-muted";
    static final String SILENT = "device-silent|device=ac-pi-silent";
    static final String DEAD = "dead-letters|dead-letters";
    static final String DIVERGENCE = "divergence-over-tolerance|model=ac-mobilenet precision=INT8 device_class=pi5-hailo8l";
    static final String THROTTLE = "throttle-impact|test=ac-hot";
    static final String DRIFT = "latency-drift|test=ac-drift model=resnet50 tier=EDGE device_class=pi5-hailo8l";
    static final String CLOCK_AHEAD = "device-clock-off|device=ac-pi-ahead";
    static final String CLOCK_BEHIND = "device-clock-off|device=ac-pi-behind";

    @BeforeAll
    static void load() throws Exception {
        kafka = new KafkaFixture();
        Warehouse w = warehouse.warehouse();
        FleetData.windows(w, NOW, "ac-budget", "EDGE", "pi5-hailo8l", 30, 300, 40, 21);
        for (String test : List.of("ac-ratio", "ac-muted")) {
            FleetData.windows(w, NOW, test, "EDGE", "pi5-hailo8l", 30, 100, 40, 22);
            FleetData.windows(w, NOW, test, "CLOUD", "cloud-a10g", 30, 100, 8, 23);
        }
        FleetData.windows(w, NOW.minus(Duration.ofDays(2)), "ac-drift", "EDGE", "pi5-hailo8l", 60, 100, 20, 24);
        FleetData.windows(w, NOW, "ac-drift", "EDGE", "pi5-hailo8l", 30, 100, 40, 25);
        FleetData.deviceSample(w, NOW.minus(Duration.ofMinutes(12)), "ac-pi-silent", "pi5-hailo8l", "EDGE", 55);
        // Clocks (SPEC 3a): one 10 min ahead (a sample late in transport lowers nothing), one 9 days behind (its
        // events are older than any horizon by its own clock, yet it was heard from a minute ago), one 30 s ahead.
        FleetData.deviceSample(w, NOW.plus(Duration.ofMinutes(9)), NOW.minus(Duration.ofMinutes(1)), "ac-pi-ahead",
                "pi5-hailo8l", "EDGE", 55);
        FleetData.deviceSample(w, NOW.plus(Duration.ofMinutes(5)), NOW.minus(Duration.ofMinutes(2)), "ac-pi-ahead",
                "pi5-hailo8l", "EDGE", 55);
        FleetData.inference(w, NOW.minus(Duration.ofDays(9)).minusSeconds(60), NOW.minus(Duration.ofMinutes(1)),
                "ac-clock", "EDGE", "ac-pi-behind", "pi5-hailo8l", 40);
        FleetData.inference(w, NOW.plusSeconds(29), NOW.minusSeconds(1), "ac-clock", "EDGE", "ac-pi-close",
                "pi5-hailo8l", 40);
        // 30 min behind and live: silence is judged by when the broker last heard from it, not by its clock.
        FleetData.inference(w, NOW.minus(Duration.ofMinutes(31)), NOW.minus(Duration.ofMinutes(1)), "ac-clock", "EDGE",
                "ac-pi-lagging", "pi5-hailo8l", 40);
        FleetData.deadLetter(w, NOW.minus(Duration.ofMinutes(5)), "latency_ms is negative");
        FleetData.divergenceWindow(w, NOW.minus(Duration.ofMinutes(20)), "ac-mobilenet", "INT8", "pi5-hailo8l",
                400, 0.05, 0.2, 0.995, 35);
        FleetData.divergenceWindow(w, NOW.minus(Duration.ofMinutes(20)), "ac-mobilenet", "FP16", "pi5-hailo8l",
                400, 0.0, 0.001, 0.9999, 60);
        FleetData.episode(w, "ac-pi-hot", "pi5-hailo8l", NOW.minus(Duration.ofMinutes(30)),
                NOW.minus(Duration.ofMinutes(10)), 84, 1.6);
        for (int i = 0; i < 20; i++) {
            FleetData.inference(w, NOW.minus(Duration.ofMinutes(29)).plusSeconds(50L * i), "ac-hot", "EDGE",
                    "ac-pi-hot", "pi5-hailo8l", 60, 9, 4);
        }
        for (int i = 0; i < 6; i++) {
            FleetData.inference(w, NOW.minus(Duration.ofMinutes(50 - i)), "ac-hot", "EDGE", "ac-pi-hot",
                    "pi5-hailo8l", 40, 9, 4);
        }
        FleetData.inference(w, NOW.minus(Duration.ofMinutes(1)), "ac-hot", "EDGE", "ac-pi-hot", "pi5-hailo8l", 40, 9, 4);

        overrides = new AlertOverrides(w, CLOCK);
        Set<String> rules = DefaultRules.ALL.stream().map(r -> r.id()).collect(Collectors.toSet());
        overrides.save("ac-budget", new TestOverrides(50.0, null, Set.of()), rules, "olivia");
        overrides.save("ac-muted", new TestOverrides(null, null, Set.of(EdgeCloudRatioRule.ID)), rules, "olivia");
        metrics = MetricsEndpoint.start("127.0.0.1", 0);
        center = newCenter(metrics.registry());
    }

    @AfterAll
    static void stop() {
        metrics.close();
        kafka.close();
    }

    static AlertCenter newCenter(MeterRegistry registry) {
        return new AlertCenter(DefaultRules.ALL, AlertSettings.DEFAULTS, new FleetSnapshotReader(warehouse.warehouse()),
                overrides, new KafkaAlertLog(KafkaClientSettings.of(kafka.bootstrap())), CLOCK, new AlertMetrics(registry));
    }

    static Map<String, AlertRow> activeByKey(AlertCenter c) {
        return c.active().stream().collect(Collectors.toMap(a -> a.rule() + "|" + a.alertKey(), a -> a));
    }

    @Test
    @Order(1)
    void everyDefaultRuleRaisesOnItsConditionAndOverridesApply() throws Exception {
        List<AlertRecord> raised = center.evaluate();
        Map<String, AlertRow> active = activeByKey(center);
        for (String key : List.of(BUDGET, RATIO, SILENT, DEAD, DIVERGENCE, THROTTLE, DRIFT, CLOCK_AHEAD,
                CLOCK_BEHIND)) {
            assertTrue(active.containsKey(key), key + " not among " + active.keySet());
            assertEquals("OPEN", active.get(key).state());
            assertEquals(1, active.get(key).version());
        }
        assertFalse(active.containsKey(MUTED), "the override mutes the ratio rule for ac-muted");
        assertFalse(active.keySet().stream().anyMatch(k -> k.contains("precision=FP16")), "FP16 is within tolerance");
        assertTrue(active.get(BUDGET).message().contains("50.0 ms budget"), active.get(BUDGET).message());
        assertTrue(active.get(THROTTLE).message().contains("(20 of 27)"), active.get(THROTTLE).message());
        assertTrue(active.get(SILENT).message().contains("silent for 12 min"), active.get(SILENT).message());
        assertEquals("ac-pi-ahead (pi5-hailo8l) clock 10.0 min ahead", active.get(CLOCK_AHEAD).message());
        assertEquals("ac-pi-behind (pi5-hailo8l) clock 9.0 d behind", active.get(CLOCK_BEHIND).message());
        assertFalse(active.containsKey("device-clock-off|device=ac-pi-close"), "30 s is within the 2 min");
        assertFalse(active.containsKey("device-clock-off|device=ac-pi-silent"), "nothing received lately: unknown");
        assertFalse(active.containsKey("device-silent|device=ac-pi-behind"), "heard from a minute ago");
        assertFalse(active.containsKey("device-silent|device=ac-pi-lagging"), "heard from a minute ago, clock behind");
        assertEquals("ac-pi-lagging (pi5-hailo8l) clock 30.0 min behind",
                active.get("device-clock-off|device=ac-pi-lagging").message());
        assertTrue(raised.stream().allMatch(r -> r.event().type().name().equals("RAISED")));

        assertTrue(center.evaluate().isEmpty(), "a condition that still holds raises nothing again");

        PrometheusText page = PrometheusText.scrape(metrics.url());
        assertEquals(2, page.value("parallax_alert_evaluations_total", Map.of("outcome", "done")));
        assertEquals(0, page.value("parallax_alert_evaluations_total", Map.of("outcome", "failed")));
        assertEquals(2, page.value("parallax_alert_evaluation_seconds_count", Map.of()));
        assertEquals(raised.size(), page.value("parallax_alert_events_total", Map.of("type", "RAISED")));
    }

    @Test
    @Order(2)
    void acknowledgingIsAnEventWithWhoAndWhen() {
        AlertRow ratio = activeByKey(center).get(RATIO);
        CLOCK.advance(Duration.ofSeconds(5));
        AlertRow acked = center.acknowledge(ratio.alertId(), "oscar").orElseThrow();
        assertEquals("ACKNOWLEDGED", acked.state());
        assertEquals("oscar", acked.acknowledgedBy());
        assertEquals(CLOCK.instant(), acked.acknowledgedAt());
        assertEquals(2, acked.version());
        assertTrue(center.acknowledge(ratio.alertId(), "oscar").isEmpty(), "acknowledged once only");
    }

    @Test
    @Order(3)
    void anOpenAlertShowsItsConditionAsMeasuredNow() {
        Set<String> rules = DefaultRules.ALL.stream().map(r -> r.id()).collect(Collectors.toSet());
        overrides.save("ac-ratio", new TestOverrides(null, 4.0, Set.of()), rules, "olivia");
        try {
            CLOCK.advance(Duration.ofSeconds(5));
            assertTrue(center.evaluate().isEmpty(), "still over the ratio: nothing raised or resolved");
            AlertRow ratio = activeByKey(center).get(RATIO);
            assertTrue(ratio.message().endsWith("(limit 3×)"), "as raised: " + ratio.message());
            assertTrue(center.summaryNow(ratio).endsWith("(limit 4×)"), "as now: " + center.summaryNow(ratio));
        } finally {
            overrides.save("ac-ratio", new TestOverrides(null, null, Set.of()), rules, "olivia");
        }
    }

    @Test
    @Order(4)
    void aClearedConditionResolvesItsAlert() {
        Set<String> rules = DefaultRules.ALL.stream().map(r -> r.id()).collect(Collectors.toSet());
        overrides.save("ac-budget", new TestOverrides(1000.0, null, Set.of()), rules, "olivia");
        CLOCK.advance(Duration.ofSeconds(5));
        List<AlertRecord> records = center.evaluate();
        assertEquals(1, records.size(), records.toString());
        assertEquals("RESOLVED", records.getFirst().row().state());
        assertEquals(BUDGET, records.getFirst().row().rule() + "|" + records.getFirst().row().alertKey());
        assertFalse(activeByKey(center).containsKey(BUDGET));
    }

    @Test
    @Order(5)
    void theLedgerRebuildsFromTheTopic() {
        AlertCenter rebuilt = newCenter(new SimpleMeterRegistry());
        assertEquals(activeByKey(center), activeByKey(rebuilt));
        assertTrue(rebuilt.evaluate().isEmpty(), "the rebuilt ledger knows every active alert");
    }

    @Test
    @Order(6)
    void theSinkProjectsTheTopicIntoTheAlertsTable() throws Exception {
        ParallaxConfig config = warehouse.config(Map.of(ParallaxConfig.KAFKA_BOOTSTRAP, kafka.bootstrap()));
        ClickHouseSink sink = ClickHouseSink.builder().config(config).groupId("ui-alerts-test")
                .topics(List.of(Topics.ALERTS)).linger(Duration.ofMillis(50)).build();
        Thread thread = Thread.ofPlatform().name("sink").start(sink::run);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Map<String, AlertRow> projected = Map.of();
            while (System.nanoTime() < deadline) {
                projected = new AlertHistory(warehouse.warehouse()).between(NOW.minusSeconds(1), NOW.plusSeconds(60))
                        .stream().collect(Collectors.toMap(AlertRow::alertId, a -> a));
                if (projected.keySet().containsAll(activeByKey(center).values().stream().map(AlertRow::alertId).toList())
                        && projected.values().stream().anyMatch(a -> a.state().equals("RESOLVED"))) {
                    break;
                }
                Thread.sleep(200);
            }
            for (AlertRow a : center.active()) {
                AlertRow row = projected.get(a.alertId());
                assertEquals(a, row, "the table holds the alert's latest state");
            }
            AlertRow resolved = projected.values().stream().filter(a -> a.rule().equals("p99-over-budget"))
                    .findFirst().orElseThrow();
            assertEquals("RESOLVED", resolved.state());
            assertEquals(2, resolved.version());
        } finally {
            sink.close();
            thread.join(10_000);
        }
    }

    @Test
    @Order(7)
    void snoozeAndResolveByHandAreEventsInTheAlertsHistory() {
        AlertRow silent = activeByKey(center).get(SILENT);
        CLOCK.advance(Duration.ofSeconds(5));
        AlertRow snoozed = center.snooze(silent.alertId(), "oscar", Duration.ofHours(1)).orElseThrow();
        assertEquals(CLOCK.instant().plus(Duration.ofHours(1)), snoozed.snoozedUntil());
        assertTrue(snoozed.isSnoozedAt(CLOCK.instant()));
        assertFalse(snoozed.isSnoozedAt(snoozed.snoozedUntil()), "the snooze ends");
        assertEquals(snoozed, activeByKey(newCenter(new SimpleMeterRegistry())).get(SILENT), "the snooze is rebuilt from the topic");

        AlertRow dead = activeByKey(center).get(DEAD);
        CLOCK.advance(Duration.ofSeconds(5));
        AlertRow resolved = center.resolve(dead.alertId(), "oscar").orElseThrow();
        assertEquals("RESOLVED", resolved.state());
        assertFalse(activeByKey(center).containsKey(DEAD));
        assertTrue(center.resolve(dead.alertId(), "oscar").isEmpty(), "resolved once");
        // The rebuilt center of step 5 (a restart) claimed the evaluation since: this one's appends are refused
        // until it takes the evaluation over again, reading what the other appended.
        IllegalStateException fenced = assertThrows(IllegalStateException.class, center::evaluate);
        assertTrue(fenced.getMessage().contains("another process claimed the alert evaluation"), fenced.getMessage());
        List<AlertRecord> raisedAgain = center.evaluate();
        assertEquals(1, raisedAgain.size(), "its condition still holds: raised again as a new alert " + raisedAgain);
        assertNotEquals(dead.alertId(), raisedAgain.getFirst().row().alertId());

        assertEquals(List.of("RAISED:system", "RESOLVED:oscar"), center.history(dead.alertId()).stream()
                .map(r -> r.event().type() + ":" + r.event().actor()).toList());
        assertEquals(List.of("RAISED", "SNOOZED"), center.history(silent.alertId()).stream()
                .map(r -> r.event().type().name()).toList());
    }
}
