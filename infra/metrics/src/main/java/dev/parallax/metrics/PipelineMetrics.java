package dev.parallax.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counts every stage of the pipeline keeps in the same words: events read from a topic
 * ({@code parallax_events_in_total{topic}}), events written to one ({@code parallax_events_out_total{topic}}) and
 * records refused as dead letters, by the topic they came from and the class of their reason
 * ({@code parallax_dead_letters_total{topic,reason_class}}); and, in the stream jobs, the inputs of a windowed
 * analytic that came late, for a window older than their key's newest, and so amended it
 * ({@code parallax_late_events_total{analytic}}), or too late, beyond the horizon, kept in raw only
 * ({@code parallax_too_late_events_total{analytic}}, SPEC §3a). Counters are looked up once per label set, not per event.
 */
public final class PipelineMetrics {

    /** The meters' names, for an engine that counts elsewhere and reports totals (the Flink job's accumulators). */
    public static final String EVENTS_IN = "parallax.events.in";
    public static final String EVENTS_OUT = "parallax.events.out";
    public static final String DEAD_LETTERS = "parallax.dead.letters";
    public static final String LATE = "parallax.late.events";
    public static final String TOO_LATE = "parallax.too.late.events";

    private final MeterRegistry registry;
    private final Map<String, Counter> in = new ConcurrentHashMap<>();
    private final Map<String, Counter> out = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Map<String, Counter> late = new ConcurrentHashMap<>();
    private final Map<String, Counter> tooLate = new ConcurrentHashMap<>();

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void eventsIn(String topic, long count) {
        in.computeIfAbsent(topic, t -> Counter.builder(EVENTS_IN).description("Events read from a topic")
                .tag("topic", t).register(registry)).increment(count);
    }

    public void eventsOut(String topic, long count) {
        out.computeIfAbsent(topic, t -> Counter.builder(EVENTS_OUT).description("Events written to a topic")
                .tag("topic", t).register(registry)).increment(count);
    }

    /** @param reasonClass a short fixed name ({@code malformed}, {@code invalid}, ...): never the reason's text */
    public void deadLetter(String topic, String reasonClass) {
        deadLetters.computeIfAbsent(topic + '\n' + reasonClass, k -> Counter.builder(DEAD_LETTERS)
                .description("Records refused into the dead-letter topic, by origin topic and reason class")
                .tag("topic", topic).tag("reason_class", reasonClass).register(registry)).increment();
    }

    public void late(String analytic, long count) {
        late.computeIfAbsent(analytic, a -> Counter.builder(LATE)
                .description("Inputs for a window older than their key's newest, which amended it")
                .tag("analytic", a).register(registry)).increment(count);
    }

    public void tooLate(String analytic, long count) {
        tooLate.computeIfAbsent(analytic, a -> Counter.builder(TOO_LATE)
                .description("Inputs beyond their key's horizon: counted, kept in raw, in no window")
                .tag("analytic", a).register(registry)).increment(count);
    }
}
