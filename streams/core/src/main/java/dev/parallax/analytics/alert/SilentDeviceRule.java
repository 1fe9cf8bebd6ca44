package dev.parallax.analytics.alert;

import dev.parallax.analytics.alert.FleetSnapshot.DeviceLastSeen;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A device silent for 10 minutes (neither inferences nor device samples). */
public final class SilentDeviceRule implements AlertRule {

    public static final String ID = "device-silent";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(FleetSnapshot snapshot, AlertSettings settings) {
        List<Finding> findings = new ArrayList<>();
        for (DeviceLastSeen device : snapshot.devices()) {
            Duration silence = Duration.between(device.lastSeen(), snapshot.now());
            if (silence.compareTo(settings.silentAfter()) > 0) {
                findings.add(new Finding(ID, "device=" + device.deviceId(), Severity.WARNING,
                        device.deviceId() + " (" + device.deviceClass() + ") silent for " + silence.toMinutes()
                                + " min", silence.toSeconds(), settings.silentAfter().toSeconds()));
            }
        }
        return findings;
    }
}
