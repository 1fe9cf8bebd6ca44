package dev.parallax.insights;

import dev.parallax.analytics.latency.DDQuantileSketch;
import dev.parallax.insights.warehouse.StoredSketch;
import dev.parallax.insights.warehouse.Warehouse;
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
     * {@code count} successful LLM generations of {@code testId} on one tier, one a second back from {@code end}: the
     * i-th (from 0) took {@code ttftMs + i % 100} ms to its first token and {@code latencyMs} in all for
     * {@code tokensOut} tokens, at a memory peak of {@code memPeakMb + i % 10} MB.
     */
    public static void generations(Warehouse w, Instant end, String testId, String tier, String deviceClass, int count,
                                   double ttftMs, double latencyMs, int tokensOut, double memPeakMb) {
        w.update("""
                INSERT INTO parallax.inference_events (event_id, event_time, run_id, test_id, model_name, model_version,
                    precision, tier, device_id, device_class, runtime, latency_ms, status, tokens_out, ttft_ms,
                    mem_peak_mb)
                SELECT generateUUIDv4(number), ? - toIntervalSecond(number + 1), 'llm-run', ?, 'llama-3-8b', 'v1',
                    ?, ?, concat(?, '-1'), ?, 'llama.cpp', ?, 'OK', ?, ? + number % 100, ? + number % 10
                FROM numbers(?)
                """, end, testId, tier.equals("EDGE") ? "INT4" : "FP16", tier, deviceClass, deviceClass, latencyMs,
                tokensOut, ttftMs, memPeakMb, count);
    }

    /**
     * One latency window per minute over {@code minutes} up to now, each sketching {@code perWindow} latencies
     * around {@code medianMs}; returns the merged sketch of them all for exact comparison.
     */
    public static DDQuantileSketch windows(Warehouse w, Instant now, String testId, String tier, String deviceClass,
                                           int minutes, int perWindow, double medianMs, long seed) {
        return windows(w, now, testId, "resnet50", tier, deviceClass, minutes, perWindow, medianMs, seed);
    }

    public static DDQuantileSketch windows(Warehouse w, Instant now, String testId, String model, String tier,
                                           String deviceClass, int minutes, int perWindow, double medianMs, long seed) {
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
                    VALUES (?, ?, ?, ?, 'v1', ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1)
                    """, start, start.plus(Duration.ofMinutes(1)), testId, model, tier.equals("EDGE") ? "INT8" : "FP32", tier,
                    deviceClass, (long) perWindow, sketch.quantile(0.5), sketch.quantile(0.5), sketch.quantile(0.9),
                    sketch.quantile(0.95), sketch.quantile(0.99), sketch.quantile(0.999), sketch.max(),
                    StoredSketch.encode(sketch));
        }
        return all;
    }

    /**
     * One emission of a key's 1-minute latency window as a stream job writes it (SPEC §3a): {@code count} latencies
     * of {@code latencyMs}, and the running count of the key's events that came too late while it was the key's
     * newest window. A later emission of the same window has a higher {@code version} and replaces this one.
     */
    public static void lateWindow(Warehouse w, Instant start, String testId, String model, String tier,
                                  String deviceClass, long count, double latencyMs, long lateEvents, long version) {
        DDQuantileSketch sketch = DDQuantileSketch.withRelativeAccuracy(0.005);
        for (long i = 0; i < count; i++) {
            sketch.add(latencyMs);
        }
        w.update("""
                INSERT INTO parallax.latency_windows (window_start, window_end, test_id, model_name, model_version,
                    precision, tier, device_class, count, errors, mean_ms, p50_ms, p90_ms, p95_ms, p99_ms, p999_ms,
                    max_ms, sketch, late_events, version)
                VALUES (?, ?, ?, ?, 'v1', ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, start, start.plus(Duration.ofMinutes(1)), testId, model, tier.equals("EDGE") ? "INT8" : "FP32",
                tier, deviceClass, count, latencyMs, latencyMs, latencyMs, latencyMs, latencyMs, latencyMs, latencyMs,
                StoredSketch.encode(sketch), lateEvents, version);
    }

    /**
     * {@code perMinute} inferences a minute for {@code minutes} minutes ending at the minute before {@code now} (the
     * span {@link #windows} covers), all with the same latency and power, generated by the engine.
     */
    public static void inferences(Warehouse w, Instant now, int minutes, int perMinute, String testId, String model,
                                  String tier, String deviceId, String deviceClass, double latencyMs, double powerW,
                                  double idleW) {
        inferences(w, "run-1", now, minutes, perMinute, testId, model, tier, deviceId, deviceClass, latencyMs, powerW,
                idleW);
    }

    public static void inferences(Warehouse w, String runId, Instant now, int minutes, int perMinute, String testId,
                                  String model, String tier, String deviceId, String deviceClass, double latencyMs,
                                  double powerW, double idleW) {
        long from = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(minutes)).toEpochMilli();
        w.update("""
                INSERT INTO parallax.inference_events (event_id, event_time, run_id, test_id, model_name, model_version,
                    precision, tier, device_id, device_class, runtime, latency_ms, status, power_w, idle_power_w)
                SELECT generateUUIDv4(), fromUnixTimestamp64Milli(toInt64(? + intDiv(number, ?) * 60000
                        + (number % ?) * intDiv(60000, ?))),
                    ?, ?, ?, 'v1', ?, ?, ?, ?, 'onnxruntime', ?, 'OK', ?, ?
                FROM numbers(?)
                """, from, perMinute, perMinute, perMinute, runId, testId, model, tier.equals("EDGE") ? "INT8" : "FP32", tier,
                deviceId, deviceClass, latencyMs, powerW, idleW, (long) minutes * perMinute);
    }

    public static void deviceSample(Warehouse w, Instant at, String deviceId, String deviceClass, String tier,
                                    double temperatureC) {
        w.update("""
                INSERT INTO parallax.device_samples (event_id, event_time, device_id, device_class, tier, temperature_c,
                    power_w, throttle_flags, cpu_freq_mhz)
                VALUES (?, ?, ?, ?, ?, ?, 6.5, 0, 2400)
                """, UUID.randomUUID().toString(), at, deviceId, deviceClass, tier, temperatureC);
    }

    /** A device sample the broker received at {@code receivedAt}, stamped {@code at} by the device's own clock. */
    public static void deviceSample(Warehouse w, Instant at, Instant receivedAt, String deviceId, String deviceClass,
                                    String tier, double temperatureC) {
        w.update("""
                INSERT INTO parallax.device_samples (event_id, event_time, received_at, device_id, device_class, tier,
                    temperature_c, power_w, throttle_flags, cpu_freq_mhz)
                VALUES (?, ?, ?, ?, ?, ?, ?, 6.5, 0, 2400)
                """, UUID.randomUUID().toString(), at, receivedAt, deviceId, deviceClass, tier, temperatureC);
    }

    /** An inference the broker received at {@code receivedAt}, stamped {@code at} by the device's own clock. */
    public static void inference(Warehouse w, Instant at, Instant receivedAt, String testId, String tier,
                                 String deviceId, String deviceClass, double latencyMs) {
        w.update("""
                INSERT INTO parallax.inference_events (event_id, event_time, received_at, run_id, test_id, model_name,
                    model_version, precision, tier, device_id, device_class, runtime, latency_ms, status)
                VALUES (?, ?, ?, 'run-1', ?, 'resnet50', 'v1', ?, ?, ?, ?, 'onnxruntime', ?, 'OK')
                """, UUID.randomUUID().toString(), at, receivedAt, testId, tier.equals("EDGE") ? "INT8" : "FP32", tier,
                deviceId, deviceClass, latencyMs);
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

    /** A matched divergence pair of a run's candidate inference. */
    public static void divergencePair(Warehouse w, String runId, String testId, String model, String precision,
                                      String deviceClass, Instant at, boolean top1Agree, double sqnrDb) {
        w.update("""
                INSERT INTO parallax.divergence_pairs (model_name, input_id, candidate_event_id, candidate_event_time,
                    reference_event_id, reference_precision, candidate_precision, device_class, test_id, run_id,
                    top1_agree, top5_overlap, cosine, max_abs_err, mean_abs_err, sqnr_db, kl, version)
                VALUES (?, ?, ?, ?, ?, 'FP32', ?, ?, ?, ?, ?, 1, 0.999, 0.1, 0.01, ?, NULL, 1)
                """, model, UUID.randomUUID().toString(), UUID.randomUUID().toString(), at,
                UUID.randomUUID().toString(), precision, deviceClass, testId, runId, top1Agree ? 1 : 0, sqnrDb);
    }

    /** An alert as the sink projects it into the alerts table (for readers of the projection). */
    public static void alertRow(Warehouse w, String alertId, String rule, String message, Instant raisedAt,
                                Instant resolvedAt) {
        alertRow(w, alertId, rule, message, raisedAt, null, resolvedAt);
    }

    /** An alert as projected after it was raised, acknowledged (by "ops", unless null) and resolved (unless null). */
    public static void alertRow(Warehouse w, String alertId, String rule, String message, Instant raisedAt,
                                Instant acknowledgedAt, Instant resolvedAt) {
        String state = resolvedAt != null ? "RESOLVED" : acknowledgedAt != null ? "ACKNOWLEDGED" : "OPEN";
        w.update("""
                INSERT INTO parallax.alerts (alert_id, rule, alert_key, state, severity, message, evidence, raised_at,
                    acknowledged_at, acknowledged_by, resolved_at, version)
                VALUES (?, ?, ?, ?, 'WARNING', ?, '', ?, ?, ?, ?, ?)
                """, alertId, rule, "key=" + alertId, state, message, raisedAt, acknowledgedAt,
                acknowledgedAt == null ? null : "ops", resolvedAt,
                1 + (acknowledgedAt == null ? 0 : 1) + (resolvedAt == null ? 0 : 1));
    }
}
