package dev.parallax.analytics.alert;

import dev.parallax.analytics.alert.FleetSnapshot.DeviceLastSeen;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A device whose clock is off by {@link AlertSettings#clockOffsetLimit()} or more, ahead or behind (SPEC §3a,
 * default 2 min): its event times then misplace its events in windows and episodes, so someone should fix its
 * time sync. The offset is the one measured per device in {@link DeviceLastSeen#clockOffset()}: over its events
 * received in the last 10 minutes, {@code max(event_time − received_at)} by the broker's clock. A device with no
 * measured offset (nothing received lately) is not judged; one silent that long is the silent-device rule's.
 */
public final class ClockOffsetRule implements AlertRule {

    public static final String ID = "device-clock-off";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(FleetSnapshot snapshot, AlertSettings settings) {
        List<Finding> findings = new ArrayList<>();
        for (DeviceLastSeen device : snapshot.devices()) {
            Duration offset = device.clockOffset();
            if (offset == null || offset.abs().compareTo(settings.clockOffsetLimit()) < 0) {
                continue;
            }
            findings.add(new Finding(ID, "device=" + device.deviceId(), Severity.WARNING,
                    device.deviceId() + " (" + device.deviceClass() + ") clock " + magnitude(offset)
                            + (offset.isNegative() ? " behind" : " ahead"),
                    offset.abs().toMillis() / 1000.0, settings.clockOffsetLimit().toMillis() / 1000.0));
        }
        return findings;
    }

    /**
     * An offset's size for people, without its sign: {@code 45 s}, {@code 10.0 min}, {@code 3.5 h}, {@code 8.2 d}
     * (seconds rounded down, the others to a tenth).
     */
    public static String magnitude(Duration offset) {
        Duration size = offset.abs();
        double millis = size.toMillis();
        if (size.compareTo(Duration.ofMinutes(1)) < 0) return size.toSeconds() + " s";
        if (size.compareTo(Duration.ofHours(1)) < 0) return String.format(Locale.ROOT, "%.1f min", millis / 60_000);
        if (size.compareTo(Duration.ofDays(2)) < 0) return String.format(Locale.ROOT, "%.1f h", millis / 3_600_000);
        return String.format(Locale.ROOT, "%.1f d", millis / 86_400_000);
    }
}
