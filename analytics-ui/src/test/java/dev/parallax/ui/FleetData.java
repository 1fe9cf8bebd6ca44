package dev.parallax.ui;

import dev.parallax.analytics.latency.DDQuantileSketch;
import dev.parallax.ui.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import java.util.UUID;

/** Known warehouse rows for the UI tests, written through the same parameterized path as production code. */
public final class FleetData {

    private FleetData() {
    }

    public static void inference(Warehouse w, Instant at, String testId, String tier, String deviceId,
                                 String deviceClass, double latencyMs, double powerW, double idleW) {
        w.update("""
                INSERT INTO parallax.inference_events (event_id, event_time, run_id, test_id, model_name, model_version,
                    precision, tier, device_id, device_class, runtime, latency_ms, status, power_w, idle_power_w)
                VALUES (?, ?, 'run-1', ?, 'resnet50', 'v1', ?, ?, ?, ?, 'onnxruntime', ?, 'OK', ?, ?)
                """, UUID.randomUUID().toString(), at, testId, tier.equals("EDGE") ? "INT8" : "FP32", tier,
                deviceId, deviceClass, latencyMs, powerW, idleW);
    }

    /**
     * One latency window per minute over {@code minutes} up to now, each sketching {@code perWindow} latencies
     * around {@code medianMs}; returns the merged sketch of them all for exact comparison.
     */
    public static DDQuantileSketch windows(Warehouse w, Instant now, String testId, String tier, String deviceClass,
                                           int minutes, int perWindow, double medianMs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        DDQuantileSketch all = DDQuantileSketch.withRelativeAccuracy(0.005);
        Instant last = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
        for (int m = minutes - 1; m >= 0; m--) {
            Instant start = last.minus(Duration.ofMinutes(m));
            DDQuantileSketch sketch = DDQuantileSketch.withRelativeAccuracy(0.005);
            for (int i = 0; i < perWindow; i++) {
                sketch.add(medianMs * Math.exp(0.25 * random.nextGaussian()));
            }
            all.merge(sketch);
            w.update("""
                    INSERT INTO parallax.latency_windows (window_start, window_end, test_id, model_name, model_version,
                        precision, tier, device_class, count, errors, mean_ms, p50_ms, p90_ms, p95_ms, p99_ms, p999_ms,
                        max_ms, sketch, late_events, version)
                    VALUES (?, ?, ?, 'resnet50', 'v1', ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, unhex(?), 0, 1)
                    """, start, start.plus(Duration.ofMinutes(1)), testId, tier.equals("EDGE") ? "INT8" : "FP32", tier,
                    deviceClass, (long) perWindow, sketch.quantile(0.5), sketch.quantile(0.5), sketch.quantile(0.9),
                    sketch.quantile(0.95), sketch.quantile(0.99), sketch.quantile(0.999), sketch.max(),
                    java.util.HexFormat.of().formatHex(sketch.toBytes()));
        }
        return all;
    }

    public static void openAlert(Warehouse w, String alertId, String message, Instant raisedAt) {
        w.update("""
                INSERT INTO parallax.alerts (alert_id, rule, alert_key, state, severity, message, evidence, raised_at,
                    version)
                VALUES (?, 'device-silent', ?, 'OPEN', 'WARNING', ?, '', ?, 1)
                """, alertId, "device=" + alertId, message, raisedAt);
    }
}
