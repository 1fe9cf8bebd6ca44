package dev.parallax.ui.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.insights.FleetData;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.throttle.Episode;
import dev.parallax.insights.throttle.ThrottleService;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A device's health, minutes and episodes, from seeded samples whose clock runs ahead of the broker's. */
class DeviceServiceTest {

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();

    @Test
    void aDevicesTemperatureClockOffsetAndEpisodes() {
        Warehouse w = warehouse.warehouse();
        Instant now = Instant.now();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(5));
        // Its clock is 3 minutes ahead: it stamps the samples the broker receives 3 minutes earlier.
        FleetData.deviceSample(w, minute.plusSeconds(10), minute.plusSeconds(10).minus(Duration.ofMinutes(3)),
                "dv-pi", "pi5-hailo8l", "EDGE", 70);
        FleetData.deviceSample(w, minute.plusSeconds(20), minute.plusSeconds(20).minus(Duration.ofMinutes(3)),
                "dv-pi", "pi5-hailo8l", "EDGE", 84);
        FleetData.deviceSample(w, now.minus(Duration.ofHours(30)), "dv-pi", "pi5-hailo8l", "EDGE", 50);
        FleetData.episode(w, "dv-pi", "pi5-hailo8l", minute.minus(Duration.ofMinutes(20)),
                minute.minus(Duration.ofMinutes(18)), 86, 1.4);
        FleetData.episode(w, "dv-other", "pi5-hailo8l", minute.minus(Duration.ofMinutes(20)),
                minute.minus(Duration.ofMinutes(18)), 90, 2);
        DeviceService devices = new DeviceService(w, new ThrottleService(w), Clock.systemUTC());

        DeviceHealth health = devices.health("dv-pi").orElseThrow();
        assertEquals(Duration.ofMinutes(3), health.clockOffset());
        assertEquals("pi5-hailo8l", health.deviceClass());
        assertTrue(!health.lastSeen().isBefore(minute.plusSeconds(20)), "its newest event time: " + health.lastSeen());
        assertTrue(devices.health("dv-unknown").isEmpty());

        Period day = Period.last(Duration.ofDays(1), now.plus(Duration.ofMinutes(1)));
        List<DeviceMinute> minutes = devices.minutes("dv-pi", day);
        assertEquals(List.of(new DeviceMinute(minute, 77, 84, Duration.ofMinutes(3))), minutes,
                "the sample of 30 hours ago is outside the day");
        List<Episode> episodes = devices.episodes("dv-pi", day);
        assertEquals(1, episodes.size());
        assertEquals(86, episodes.getFirst().peakTempC());
    }
}
