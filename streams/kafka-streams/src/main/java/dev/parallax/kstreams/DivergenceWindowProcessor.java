package dev.parallax.kstreams;

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
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Divergence windows (SPEC §5): per (model, candidate precision, device class) and window of the candidate's
 * event time (default 5 minutes), the merge of the pairs and unmatched candidates the pairing reported. It runs
 * after a repartition by {@link DivergenceKey}, since the pairing is keyed by (model, input id).
 *
 * <p><b>Why windows are kept past the pairing horizon.</b> A candidate is paired when its reference arrives,
 * up to the horizon (default 24 h) after it, and is found unmatched only once the horizon has passed; both
 * count in the window of the candidate's event time, long closed by then. Emitting late partial windows would
 * need the table to add rows up, but it replaces a window's row by its newest version. So a window stays in
 * state until this processor's watermark passes its end plus grace plus the horizon plus the window retention;
 * every contribution until then updates the whole window, re-emitted with a higher version. The cost is about
 * a day of windows per key (288 small aggregates at 5 minutes). A contribution whose window is older than that
 * is not aggregated (the {@code late-contributions} task metric counts it); its pair row is in
 * {@code divergence_pairs} all the same.
 *
 * <p>State and emission follow {@link LatencyWindowProcessor}: windows live in a {@link LiveStateStore},
 * updated windows are marked dirty in a changelogged store and emitted once per {@code emitInterval}.
 */
final class DivergenceWindowProcessor implements Processor<DivergenceKey, WindowContribution<DivergenceWindow>, String, byte[]> {

    static final String WINDOWS = "divergence-windows";
    static final String DIRTY = "divergence-windows-dirty";

    private final DivergenceSettings settings;
    private final TumblingWindows windows;
    private final Duration emitInterval;
    /** How long after its start a window takes contributions and stays in state. */
    private final long keepMs;
    private ProcessorContext<String, byte[]> context;
    private WindowStates<DivergenceKey, DivergenceWindow> windowStates;
    private StoredWatermark watermark;
    private Sensor lateContributions;

    DivergenceWindowProcessor(DivergenceSettings settings, Duration emitInterval, Duration retention) {
        this.settings = settings;
        this.windows = settings.windows();
        this.emitInterval = emitInterval;
        this.keepMs = settings.windowKeepMs(retention.toMillis());
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        KeyValueStore<Bytes, byte[]> updated = context.getStateStore(DIRTY);
        this.windowStates = new WindowStates<>(context.getStateStore(WINDOWS), updated, DivergenceKey.CODEC);
        this.watermark = new StoredWatermark(updated);
        this.lateContributions = context.metrics().addRateTotalSensor("parallax", "divergence-windows",
                "late-contributions", Sensor.RecordingLevel.INFO, "task-id", context.taskId().toString());
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitDirty());
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, now -> expire());
    }

    @Override
    public void process(Record<DivergenceKey, WindowContribution<DivergenceWindow>> record) {
        WindowContribution<DivergenceWindow> contribution = record.value();
        long now = watermark.advance(contribution.eventTime());
        long windowStart = windows.windowStart(contribution.eventTime());
        if (windowStart + keepMs <= now) {
            lateContributions.record();
            return;
        }
        windowStates.update(windowStart, record.key(), settings::newWindow, window -> window.merge(contribution.window()));
    }

    private void emitDirty() {
        windowStates.emitUpdated((key, windowStart, window) -> context.forward(new Record<>(
                DerivedRecords.divergenceWindowKey(key, windowStart),
                DerivedRecords.divergenceWindow(key, windowStart, windows.windowEnd(windowStart), window),
                windowStart)));
    }

    /** Forgets windows that can take no more contributions; their rows stay in ClickHouse. */
    private void expire() {
        long now = watermark.get();
        if (now == Long.MIN_VALUE) return;
        windowStates.forgetBefore(now - keepMs + 1);
    }
}
