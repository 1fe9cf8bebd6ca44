package dev.parallax.kstreams;

import dev.parallax.analytics.latency.LatencyKey;
import dev.parallax.analytics.latency.LatencyObservation;
import dev.parallax.analytics.latency.LatencySettings;
import dev.parallax.analytics.window.TumblingWindows;
import dev.parallax.kstreams.LatencyWindowProcessor.WindowState;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.streams.records.OperatorInputs;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The input task's share of the latency windows (SPEC §3): its inferences summed per latency key and window
 * into partial windows, handed on every {@link #INTERVAL} as {@link WindowContribution}s at their newest
 * event time, and forgotten. The sketches merge exactly, so the window processor that merges the partials
 * of every task ends with the windows it would have built from the events themselves, and the repartition
 * by latency key carries a few partial windows per interval instead of every event.
 *
 * <p>A partial takes every event of its window, in whatever order they come: only the window processor, which
 * sees all partials of a key, judges the horizon (SPEC §3a). Partials live in a changelogged
 * {@link LiveStateStore}, written once per commit: a partial not yet handed on when the task commits its input
 * offsets survives a crash.
 */
final class LatencyPartialProcessor implements Processor<byte[], InferenceEvent, LatencyKey, WindowContribution<WindowState>> {

    static final String PARTIALS = "latency-partials";
    static final String UPDATED = "latency-partials-updated";
    /** Short against the commit interval, so that partials add little to a window's freshness. */
    static final Duration INTERVAL = Duration.ofMillis(200);

    private final LatencySettings settings;
    private final TumblingWindows windows;
    private ProcessorContext<LatencyKey, WindowContribution<WindowState>> context;
    private WindowStates<LatencyKey, WindowContribution<WindowState>> partials;

    LatencyPartialProcessor(LatencySettings settings) {
        this.settings = settings;
        this.windows = settings.windows();
    }

    @Override
    public void init(ProcessorContext<LatencyKey, WindowContribution<WindowState>> context) {
        this.context = context;
        this.partials = new WindowStates<>(context.getStateStore(PARTIALS), context.getStateStore(UPDATED), LatencyKey.CODEC);
        context.schedule(INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> handOn());
    }

    @Override
    public void process(Record<byte[], InferenceEvent> record) {
        LatencyObservation observation = OperatorInputs.latency(record.value());
        long windowStart = windows.windowStart(observation.eventTime());
        partials.update(windowStart, observation.key(), () -> new WindowContribution<>(Long.MIN_VALUE, WindowState.empty(settings)),
                partial -> new WindowContribution<>(Math.max(partial.eventTime(), observation.eventTime()),
                        partial.window().add(observation)));
    }

    private void handOn() {
        // Stamped with the wall clock, which the broker accepts: the partial's event time travels in its value.
        long now = context.currentSystemTimeMs();
        partials.takeUpdated((key, windowStart, partial) -> context.forward(new Record<>(key, partial, now)));
    }
}
