package dev.parallax.ui.overview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parallax.insights.FleetData;
import dev.parallax.insights.TestClock;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The overview's device table over a real ClickHouse: each device's clock offset (SPEC §3a) as measured and shown; the
 * page's parts read together.
 */
class OverviewServiceTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static final TestClock CLOCK = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static final Instant NOW = CLOCK.instant();

    @BeforeAll
    static void load() {
        Warehouse w = warehouse.warehouse();
        // Event time by the device's clock, then when the broker received it.
        FleetData.inference(w, NOW.plus(Duration.ofMinutes(10)), NOW.minusSeconds(30), "ov-test", "EDGE",
                "ov-pi-ahead", "pi5-hailo8l", 40);
        FleetData.deviceSample(w, NOW.minusSeconds(63), NOW.minusSeconds(60), "ov-pi-behind", "pi5-hailo8l", "EDGE", 50);
        FleetData.deviceSample(w, NOW.minusSeconds(20), NOW.minusSeconds(20).plusMillis(400), "ov-pi-ok",
                "pi5-hailo8l", "EDGE", 50);
        // Heard from half an hour ago: nothing to measure its clock by.
        FleetData.deviceSample(w, NOW.minus(Duration.ofMinutes(30)), "ov-pi-idle", "pi5-hailo8l", "EDGE", 50);
        FleetData.deviceSample(w, NOW.minus(Duration.ofHours(3)), "ov-pi-idle", "pi5-hailo8l", "EDGE", 50);
        // Last heard from two days ago: not in the overview's day.
        FleetData.deviceSample(w, NOW.minus(Duration.ofDays(2)), "ov-pi-gone", "pi5-hailo8l", "EDGE", 50);
        // A clock 3 days behind: its events are older than the overview's day, yet it was heard from a minute ago.
        FleetData.inference(w, NOW.minus(Duration.ofDays(3)).minusSeconds(60), NOW.minusSeconds(60), "ov-test", "EDGE",
                "ov-pi-lost", "pi5-hailo8l", 40);
        // A spool replayed after an outage (two hours old on arrival) beside live samples: a good clock still.
        FleetData.deviceSample(w, NOW.minus(Duration.ofHours(2)), NOW.minusSeconds(50), "ov-pi-spool", "pi5-hailo8l",
                "EDGE", 50);
        FleetData.deviceSample(w, NOW.minus(Duration.ofHours(2)).plusSeconds(10), NOW.minusSeconds(50), "ov-pi-spool",
                "pi5-hailo8l", "EDGE", 50);
        FleetData.deviceSample(w, NOW.minusSeconds(10), NOW.minusSeconds(10).plusMillis(200), "ov-pi-spool",
                "pi5-hailo8l", "EDGE", 50);
        // The test's latency windows of the last 5 minutes: what the tests table counts.
        FleetData.windows(w, NOW, "ov-test", "EDGE", "pi5-hailo8l", 5, 10, 40, 1);
    }

    @Test
    void everyDeviceShowsItsClockOffset() {
        Map<String, FleetDevice> devices = new OverviewService(warehouse.warehouse(), null, CLOCK).devices().stream()
                .filter(d -> d.deviceId().startsWith("ov-"))
                .collect(Collectors.toMap(FleetDevice::deviceId, Function.identity()));

        assertEquals(Duration.ofMinutes(10).plusSeconds(30), devices.get("ov-pi-ahead").clockOffset());
        assertEquals(Duration.ofSeconds(-3), devices.get("ov-pi-behind").clockOffset());
        assertEquals(Duration.ofMillis(-400), devices.get("ov-pi-ok").clockOffset());
        assertNull(devices.get("ov-pi-idle").clockOffset(), "nothing received in the last 10 minutes");
        assertEquals(NOW.minus(Duration.ofMinutes(30)), devices.get("ov-pi-idle").lastSeen(), "its newest event");
        assertEquals(Duration.ofDays(-3), devices.get("ov-pi-lost").clockOffset());
        assertEquals(NOW.minusSeconds(60), devices.get("ov-pi-lost").lastSeen(), "last heard from, broker's clock");
        assertEquals("EDGE", devices.get("ov-pi-lost").tier());
        assertEquals(Duration.ofMillis(-200), devices.get("ov-pi-spool").clockOffset(),
                "the live samples set the offset, not the replayed spool");
        assertEquals(6, devices.size(), devices.keySet().toString());

        Map<String, String> shown = devices.values().stream().collect(Collectors.toMap(FleetDevice::deviceId,
                d -> OverviewView.clockOffset(d.clockOffset())));
        assertEquals(Map.of("ov-pi-ahead", "+10.5 min", "ov-pi-behind", "−3 s", "ov-pi-ok", "ok", "ov-pi-idle", "—",
                "ov-pi-lost", "−3.0 d", "ov-pi-spool", "ok"), shown);
    }

    @Test
    void theSideBySideReadsWhatEachPartReadsAlone() {
        // No alert center: the open alerts are the warehouse's projection, as while the alert log is unreadable.
        OverviewService service = new OverviewService(warehouse.warehouse(), null, CLOCK);
        OverviewService.Overview overview = service.overview(service.period());

        assertEquals(service.openAlerts(), overview.alerts());
        assertEquals(service.tests(), overview.tests());
        assertEquals(service.devices(), overview.devices());
        assertEquals(List.of("ov-test"), overview.tests().stream().map(TestSummary::testId)
                .filter(t -> t.startsWith("ov-")).toList());
    }

    @Test
    void clockOffsetsAreShownAsPeopleSayThem() {
        assertEquals("ok", OverviewView.clockOffset(Duration.ZERO));
        assertEquals("ok", OverviewView.clockOffset(Duration.ofMillis(999)));
        assertEquals("+1 s", OverviewView.clockOffset(Duration.ofSeconds(1)));
        assertEquals("−59 s", OverviewView.clockOffset(Duration.ofMillis(-59_999)));
        assertEquals("+2.0 min", OverviewView.clockOffset(Duration.ofMinutes(2)));
        assertEquals("−1.5 h", OverviewView.clockOffset(Duration.ofMinutes(-90)));
        assertEquals("—", OverviewView.clockOffset(null));
    }
}
