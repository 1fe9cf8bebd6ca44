package dev.parallax.streams.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.analytics.divergence.DivergenceKey;
import dev.parallax.analytics.divergence.DivergencePair;
import dev.parallax.analytics.divergence.DivergenceSummary;
import dev.parallax.analytics.divergence.DivergenceWindow;
import dev.parallax.analytics.divergence.OutputSample;
import dev.parallax.analytics.divergence.PairMetrics;
import dev.parallax.analytics.divergence.PairingOutcome;
import dev.parallax.analytics.latency.LatencyKey;
import dev.parallax.analytics.latency.LatencySummary;
import dev.parallax.analytics.latency.LatencyWindow;
import dev.parallax.analytics.throttle.ThrottleEpisode;
import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * The operators' results as the records of the derived topics (SPEC §11): JSON objects whose field names are
 * the columns of the table that holds the fact, times as epoch milliseconds, and a {@code version} that grows
 * with every update of the same fact so the table keeps the newest.
 *
 * <p>Both divergence facts travel on {@code parallax.divergence.v1}; their {@code kind} ({@code "pair"} or
 * {@code "window"}) says which table a record belongs to and is not a column. A statistic of no values is
 * JSON {@code null}; an infinite SQNR is Jackson's {@code "Infinity"} / {@code "-Infinity"} string.
 */
public final class DerivedRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DerivedRecords() {
    }

    /** The Kafka key of a latency window: the same fact always has the same key, so compaction keeps the newest. */
    public static String latencyWindowKey(LatencyKey key, long windowStart) {
        return String.join("|", key.testId(), key.modelName(), key.modelVersion(), key.precision().name(),
                key.tier().name(), key.deviceClass(), Long.toString(windowStart));
    }

    /** A {@code latency_windows} row (SPEC §3); the sketch travels base64-encoded. */
    public static byte[] latencyWindow(LatencyKey key, long windowStart, long windowEnd, LatencyWindow window,
                                       long lateEvents) {
        LatencySummary summary = window.summary();
        ObjectNode row = JSON.createObjectNode();
        row.put("window_start", windowStart);
        row.put("window_end", windowEnd);
        row.put("test_id", key.testId());
        row.put("model_name", key.modelName());
        row.put("model_version", key.modelVersion());
        row.put("precision", key.precision().name());
        row.put("tier", key.tier().name());
        row.put("device_class", key.deviceClass());
        row.put("count", summary.count());
        row.put("errors", summary.errors());
        putStatistic(row, "mean_ms", summary.meanMs());
        putStatistic(row, "p50_ms", summary.p50Ms());
        putStatistic(row, "p90_ms", summary.p90Ms());
        putStatistic(row, "p95_ms", summary.p95Ms());
        putStatistic(row, "p99_ms", summary.p99Ms());
        putStatistic(row, "p999_ms", summary.p999Ms());
        putStatistic(row, "max_ms", summary.maxMs());
        row.put("sketch", Base64.getEncoder().encodeToString(summary.sketch()));
        row.put("late_events", lateEvents);
        // Every update adds an event or a late event, so this grows with each version of the window.
        row.put("version", summary.count() + lateEvents);
        return bytes(row);
    }

    /**
     * A {@code throttle_episodes} row (SPEC §4). An open episode has no end yet: {@code end_time} is null and
     * {@code duration_ms} runs to its newest sample; the closed row replaces it with a higher version.
     */
    public static byte[] throttleEpisode(ThrottleEpisode episode) {
        ObjectNode row = JSON.createObjectNode();
        row.put("episode_id", episode.episodeId());
        row.put("device_id", episode.deviceId());
        row.put("device_class", episode.deviceClass());
        row.put("start_time", episode.startTime());
        if (episode.open()) row.putNull("end_time"); else row.put("end_time", episode.endTime());
        row.put("duration_ms", episode.durationMs());
        putStatistic(row, "peak_temp_c", episode.peakTempC());
        putStatistic(row, "mean_temp_c", episode.meanTempC());
        row.put("samples", episode.samples());
        row.put("inferences", episode.inferences());
        row.put("tests_affected", episode.testsAffected());
        putStatistic(row, "latency_inflation", episode.latencyInflation());
        row.put("is_open", episode.open() ? 1 : 0);
        row.put("version", episode.version());
        return bytes(row);
    }

    /** The Kafka key of a divergence pair: the candidate is paired once, so its id names the fact. */
    public static String divergencePairKey(DivergencePair pair) {
        return String.join("|", "pair", pair.modelName(), pair.inputId(), pair.candidateEventId());
    }

    /**
     * A {@code divergence_pairs} row (SPEC §5), {@code "kind": "pair"}. A candidate is paired once, so the
     * version is 1; should the same candidate event be delivered twice, the later pair replaces the earlier.
     */
    public static byte[] divergencePair(DivergencePair pair, TestRun testRun) {
        PairMetrics metrics = pair.metrics();
        ObjectNode row = JSON.createObjectNode();
        row.put("kind", "pair");
        row.put("model_name", pair.modelName());
        row.put("input_id", pair.inputId());
        row.put("candidate_event_id", pair.candidateEventId());
        row.put("candidate_event_time", pair.candidateEventTime());
        row.put("reference_event_id", pair.referenceEventId());
        row.put("reference_precision", pair.referencePrecision().name());
        row.put("candidate_precision", pair.candidatePrecision().name());
        row.put("device_class", pair.deviceClass());
        row.put("test_id", testRun.testId());
        row.put("run_id", testRun.runId());
        row.put("top1_agree", metrics.top1Agree() ? 1 : 0);
        row.put("top5_overlap", metrics.top5Overlap());
        row.put("cosine", metrics.cosine());
        row.put("max_abs_err", metrics.maxAbsErr());
        row.put("mean_abs_err", metrics.meanAbsErr());
        row.put("sqnr_db", metrics.sqnrDb());
        putStatistic(row, "kl", metrics.kl());
        row.put("version", 1);
        return bytes(row);
    }

    /** The Kafka key of a divergence window. */
    public static String divergenceWindowKey(DivergenceKey key, long windowStart) {
        return String.join("|", "window", key.modelName(), key.candidatePrecision().name(), key.deviceClass(),
                Long.toString(windowStart));
    }

    /** A {@code divergence_windows} row (SPEC §5), {@code "kind": "window"}; metrics are null without pairs. */
    public static byte[] divergenceWindow(DivergenceKey key, long windowStart, long windowEnd,
                                          DivergenceWindow window) {
        DivergenceSummary summary = window.summary();
        ObjectNode row = JSON.createObjectNode();
        row.put("kind", "window");
        row.put("window_start", windowStart);
        row.put("window_end", windowEnd);
        row.put("model_name", key.modelName());
        row.put("candidate_precision", key.candidatePrecision().name());
        row.put("device_class", key.deviceClass());
        row.put("pairs", summary.pairs());
        putStatistic(row, "flip_rate", summary.flipRate());
        putStatistic(row, "kl_mean", summary.klMean());
        putStatistic(row, "kl_p95", summary.klP95());
        putStatistic(row, "cosine_min", summary.cosineMin());
        putStatistic(row, "cosine_mean", summary.cosineMean());
        putStatistic(row, "sqnr_mean_db", summary.sqnrMeanDb());
        putStatistic(row, "max_abs_err_p99", summary.maxAbsErrP99());
        row.put("unmatched", summary.unmatched());
        // Every update adds a pair or an unmatched candidate, so this grows with each version of the window.
        row.put("version", summary.pairs() + summary.unmatched());
        return bytes(row);
    }

    /**
     * The dead letter of an event the divergence pairing refused (length mismatch, non-finite or empty outputs,
     * output kinds that differ). The event itself was valid and is in {@code inference_events}; the letter's
     * raw text is what the pairing compared: the event's divergence fields, and the counterpart it was compared
     * with. Its id, {@code divergence/<event id>/<counterpart event id>} (the last part absent when the event
     * was refused on its own), and its time, the event's, are deterministic, so a replay rewrites the same row.
     */
    public static DeadLetter divergenceDeadLetter(PairingOutcome.Rejected rejected) {
        OutputSample event = rejected.event();
        String counterpart = rejected.counterpartEventId();
        String id = "divergence/" + event.eventId() + (counterpart == null ? "" : "/" + counterpart);
        ObjectNode raw = JSON.createObjectNode();
        raw.put("event_id", event.eventId());
        raw.put("event_time", event.eventTime());
        raw.put("model_name", event.modelName());
        raw.put("input_id", event.inputId());
        raw.put("precision", event.precision().name());
        raw.put("tier", event.tier().name());
        raw.put("device_class", event.deviceClass());
        raw.put("output_kind", event.outputKind().name());
        ArrayNode outputs = raw.putArray("outputs");
        for (float value : event.outputs()) outputs.add(value);
        if (counterpart == null) raw.putNull("counterpart_event_id"); else raw.put("counterpart_event_id", counterpart);
        return new DeadLetter(id, event.eventTime(), "divergence " + event.modelName() + "/" + event.inputId(),
                Topics.INFERENCE, null, null, rejected.reason(), bytes(raw));
    }

    /** A statistic of no values (e.g. the latency of a window holding only errors) is NULL, not NaN. */
    private static void putStatistic(ObjectNode row, String column, double value) {
        if (Double.isNaN(value)) row.putNull(column); else row.put(column, value);
    }

    private static byte[] bytes(ObjectNode row) {
        try {
            return JSON.writeValueAsBytes(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
