package dev.parallax.kstreams;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.analytics.divergence.DivergenceKey;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.divergence.DivergenceWindow;
import dev.parallax.analytics.window.TumblingWindows;
import dev.parallax.streams.records.DerivedRecords;
import java.time.Duration;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Divergence windows (SPEC §5): per (model, candidate precision, device class) and window of the candidate's
 * event time (default 5 minutes), the merge of the pairs and unmatched candidates the pairing reported. It runs
 * after a repartition by {@link DivergenceKey}, since the pairing is keyed by (model, input id).
 *
 * <p><b>Arrival (SPEC §3a).</b> A candidate is paired when its reference arrives, up to the pairing horizon
 * (default 24 h) after it, or found unmatched once that has passed; both count in the window of the
 * candidate's event time, long closed by then. So, as latency windows do, each divergence key has its own
 * clock ({@link KeyClocks}, the newest candidate event time of its contributions) and a window takes
 * contributions, re-emitted with a higher version, until it is beyond that clock's horizon (default 7 days,
 * longer than the pairing horizon). An older contribution is not aggregated (the {@code late-contributions}
 * task metric counts it); its pair row is in {@code divergence_pairs} all the same.
 *
 * <p>State and emission follow {@link LatencyWindowProcessor}: windows live in a {@link LiveStateStore},
 * updated windows are marked dirty in a changelogged store and emitted once per {@code emitInterval}.
 */
final class DivergenceWindowProcessor implements Processor<DivergenceKey, WindowContribution<DivergenceWindow>, String, byte[]> {

    static final String WINDOWS = "divergence-windows";
    static final String DIRTY = "divergence-windows-dirty";
    static final String CLOCKS = "divergence-key-clocks";

    private final DivergenceSettings settings;
    private final TumblingWindows windows;
    private final Duration emitInterval;
    private final ArrivalPolicy arrival;
    private ProcessorContext<String, byte[]> context;
    private WindowStates<DivergenceKey, DivergenceWindow> windowStates;
    private KeyClocks clocks;
    private Sensor lateContributions;

    DivergenceWindowProcessor(DivergenceSettings settings, Duration emitInterval, ArrivalPolicy arrival) {
        this.settings = settings;
        this.windows = settings.windows();
        this.emitInterval = emitInterval;
        this.arrival = arrival;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.windowStates = new WindowStates<>(context.getStateStore(WINDOWS), context.getStateStore(DIRTY), DivergenceKey.CODEC);
        this.clocks = new KeyClocks(context.getStateStore(CLOCKS), arrival, windows);
        this.lateContributions = context.metrics().addRateTotalSensor("parallax", "divergence-windows",
                "late-contributions", Sensor.RecordingLevel.INFO, "task-id", context.taskId().toString());
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitDirty());
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, now -> clocks.forgetBeyondHorizon(windowStates));
    }

    @Override
    public void process(Record<DivergenceKey, WindowContribution<DivergenceWindow>> record) {
        WindowContribution<DivergenceWindow> contribution = record.value();
        Bytes key = windowStates.keyBytes(record.key());
        long clock = clocks.advance(key, contribution.eventTime());
        long windowStart = windows.windowStart(contribution.eventTime());
        if (arrival.isBeyondHorizon(windows.windowEnd(windowStart), clock)) {
            lateContributions.record();
            return;
        }
        windowStates.update(windowStart, key, settings::newWindow, window -> window.merge(contribution.window()));
    }

    private void emitDirty() {
        // Stamped with the wall clock: the broker accepts it, and the derived topic's retention runs on it.
        long now = context.currentSystemTimeMs();
        windowStates.emitUpdated((key, windowStart, window) -> context.forward(new Record<>(
                DerivedRecords.divergenceWindowKey(key, windowStart),
                DerivedRecords.divergenceWindow(key, windowStart, windows.windowEnd(windowStart), window),
                now)));
    }
}
