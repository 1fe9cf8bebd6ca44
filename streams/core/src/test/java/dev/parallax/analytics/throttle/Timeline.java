package dev.parallax.analytics.throttle;

import java.util.ArrayList;
import java.util.List;

/** Builds a device's samples by the second, for hand-made episode scenarios. */
final class Timeline {

    static final String CLASS = "pi5-hailo8l";

    private final String deviceId;
    private final List<ThermalSample> samples = new ArrayList<>();

    Timeline(String deviceId) {
        this.deviceId = deviceId;
    }

    /** One telemetry sample per second over {@code [fromSec, toSec]}. */
    Timeline temperature(int fromSec, int toSec, Double celsius, Integer flags) {
        for (int s = fromSec; s <= toSec; s++) {
            samples.add(ThermalSample.telemetry(deviceId + "-t" + s, deviceId, CLASS, s * 1000L, celsius, flags));
        }
        return this;
    }

    Timeline temperature(int fromSec, int toSec, double celsius) {
        return temperature(fromSec, toSec, celsius, null);
    }

    Timeline inference(double sec, String model, String test, double latencyMs) {
        long time = Math.round(sec * 1000);
        samples.add(ThermalSample.inference(deviceId + "-i" + time + model, deviceId, CLASS, time, null, null,
                model, test, latencyMs));
        return this;
    }

    List<ThermalSample> samples() {
        return samples;
    }

    static List<ThrottleEpisode> run(EpisodeDetector detector, List<ThermalSample> samples) {
        List<ThrottleEpisode> emitted = new ArrayList<>();
        samples.forEach(sample -> emitted.addAll(detector.onSample(sample)));
        return emitted;
    }

    static ThrottleEpisode closed(List<ThrottleEpisode> emitted) {
        List<ThrottleEpisode> closed = emitted.stream().filter(e -> !e.open()).toList();
        if (closed.size() != 1) {
            throw new AssertionError("expected one closed episode, got " + emitted);
        }
        return closed.getFirst();
    }
}
