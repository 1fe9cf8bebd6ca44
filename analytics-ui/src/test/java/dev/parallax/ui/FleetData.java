package dev.parallax.ui;

import dev.parallax.analytics.latency.DDQuantileSketch;
import dev.parallax.ui.warehouse.StoredSketch;
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
                    VALUES (?, ?, ?, 'resnet50', 'v1', ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1)
                    """, start, start.plus(Duration.ofMinutes(1)), testId, tier.equals("EDGE") ? "INT8" : "FP32", tier,
                    deviceClass, (long) perWindow, sketch.quantile(0.5), sketch.quantile(0.5), sketch.quantile(0.9),
                    sketch.quantile(0.95), sketch.quantile(0.99), sketch.quantile(0.999), sketch.max(),
                    StoredSketch.encode(sketch));
        }
        return all;
    }

    public static void deviceSample(Warehouse w, Instant at, String deviceId, String deviceClass, String tier,
                                    double temperatureC) {
        w.update("""
                INSERT INTO parallax.device_samples (event_id, event_time, device_id, device_class, tier, temperature_c,
                    power_w, throttle_flags, cpu_freq_mhz)
                VALUES (?, ?, ?, ?, ?, ?, 6.5, 0, 2400)
                """, UUID.randomUUID().toString(), at, deviceId, deviceClass, tier, temperatureC);
    }

    public static void deadLetter(Warehouse w, Instant at, String reason) {
        w.update("""
                INSERT INTO parallax.dead_letters (dead_letter_id, received_at, source, topic, partition, offset, reason,
                    raw)
                VALUES (?, ?, 'parallax.inference.v1/0/7', 'parallax.inference.v1', 0, 7, ?, '{"event_id": 1}')
                """, UUID.randomUUID().toString(), at, reason);
    }

    /** A closed throttle episode of a device. */
    public static void episode(Warehouse w, String deviceId, String deviceClass, Instant start, Instant end,
                               double peakC, double inflation) {
        w.update("""
                INSERT INTO parallax.throttle_episodes (episode_id, device_id, device_class, start_time, end_time,
                    duration_ms, peak_temp_c, mean_temp_c, samples, inferences, tests_affected, latency_inflation,
                    is_open, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 40, 120, 1, ?, 0, 1)
                """, deviceId + "@" + start.toEpochMilli(), deviceId, deviceClass, start, end,
                Duration.between(start, end).toMillis(), peakC, peakC - 2, inflation);
    }

    /** One 5-minute divergence window of a model's candidate precision on a device class. */
    public static void divergenceWindow(Warehouse w, Instant start, String model, String precision,
                                        String deviceClass, long pairs, double flipRate, double klMean,
                                        double cosineMean, double sqnrDb) {
        w.update("""
                INSERT INTO parallax.divergence_windows (window_start, window_end, model_name, candidate_precision,
                    device_class, pairs, flip_rate, kl_mean, kl_p95, cosine_min, cosine_mean, sqnr_mean_db,
                    max_abs_err_p99, unmatched, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0.5, 0, 1)
                """, start, start.plus(Duration.ofMinutes(5)), model, precision, deviceClass, pairs, flipRate, klMean,
                klMean * 3, cosineMean - 0.01, cosineMean, sqnrDb);
    }
}
