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
import dev.parallax.contract.derived.DerivedTable;
import dev.parallax.contract.derived.DivergencePairRow;
import dev.parallax.contract.derived.DivergenceWindowRow;
import dev.parallax.contract.derived.LatencyWindowRow;
import dev.parallax.contract.derived.ThrottleEpisodeRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * The operators' results as the records of the derived topics (SPEC §11), each the typed row of its
 * {@link DerivedTable} (which says the JSON form), with a key that names the fact and a {@code version} that
 * grows with every update of the same fact so the table keeps the newest.
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
        return DerivedTable.LATENCY_WINDOWS.toJson(new LatencyWindowRow(windowStart, windowEnd, key.testId(),
                key.modelName(), key.modelVersion(), key.precision().name(), key.tier().name(), key.deviceClass(),
                summary.count(), summary.errors(), statistic(summary.meanMs()), statistic(summary.p50Ms()),
                statistic(summary.p90Ms()), statistic(summary.p95Ms()), statistic(summary.p99Ms()),
                statistic(summary.p999Ms()), statistic(summary.maxMs()),
                Base64.getEncoder().encodeToString(summary.sketch()), lateEvents,
                // Every update adds an event or a late event, so this grows with each version of the window.
                summary.count() + lateEvents));
    }

    /**
     * A {@code throttle_episodes} row (SPEC §4). An open episode has no end yet: {@code end_time} is null and
     * {@code duration_ms} runs to its newest sample; the closed row replaces it with a higher version.
     */
    public static byte[] throttleEpisode(ThrottleEpisode episode) {
        return DerivedTable.THROTTLE_EPISODES.toJson(new ThrottleEpisodeRow(episode.episodeId(), episode.deviceId(),
                episode.deviceClass(), episode.startTime(), episode.open() ? null : episode.endTime(),
                episode.durationMs(), statistic(episode.peakTempC()), statistic(episode.meanTempC()), episode.samples(),
                episode.inferences(), episode.testsAffected(), statistic(episode.latencyInflation()),
                episode.open() ? 1 : 0, episode.version()));
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
        return DerivedTable.DIVERGENCE_PAIRS.toJson(new DivergencePairRow(pair.modelName(), pair.inputId(),
                pair.candidateEventId(), pair.candidateEventTime(), pair.referenceEventId(),
                pair.referencePrecision().name(), pair.candidatePrecision().name(), pair.deviceClass(),
                testRun.testId(), testRun.runId(), metrics.top1Agree() ? 1 : 0, metrics.top5Overlap(),
                metrics.cosine(), metrics.maxAbsErr(), metrics.meanAbsErr(), metrics.sqnrDb(), statistic(metrics.kl()), 1));
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
        return DerivedTable.DIVERGENCE_WINDOWS.toJson(new DivergenceWindowRow(windowStart, windowEnd, key.modelName(),
                key.candidatePrecision().name(), key.deviceClass(), summary.pairs(), statistic(summary.flipRate()),
                statistic(summary.klMean()), statistic(summary.klP95()), statistic(summary.cosineMin()),
                statistic(summary.cosineMean()), statistic(summary.sqnrMeanDb()), statistic(summary.maxAbsErrP99()),
                summary.unmatched(),
                // Every update adds a pair or an unmatched candidate, so this grows with each version of the window.
                summary.pairs() + summary.unmatched()));
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
    private static Double statistic(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static byte[] bytes(ObjectNode row) {
        try {
            return JSON.writeValueAsBytes(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
