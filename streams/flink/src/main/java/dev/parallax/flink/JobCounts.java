package dev.parallax.flink;

import dev.parallax.metrics.PipelineMetrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * The job's counts (the meters of {@link PipelineMetrics}) as Flink accumulators: tasks may run in other processes,
 * so they count in accumulators, which Flink sums over the subtasks and the job's client reads
 * ({@link FlinkJobMetrics}). An accumulator's name is the meter's name and its tags, e.g.
 * {@code parallax.events.in|topic=parallax.inference.v1}. One per task, its counters looked up once per name.
 */
final class JobCounts {

    private static final String SEPARATOR = "|";

    private final RuntimeContext context;
    private final Map<String, LongCounter> counters = new HashMap<>();
    /** By meter, then by tag value: the per-event counts find their counter without building its name. */
    private final Map<String, Map<String, LongCounter>> byValue = new HashMap<>();

    JobCounts(RuntimeContext context) {
        this.context = context;
    }

    /** Called per event: the tag is the meter's one tag, so the value alone picks the counter. */
    void add(String meter, String tag, String value, long count) {
        byValue.computeIfAbsent(meter, m -> new HashMap<>())
                .computeIfAbsent(value, v -> counter(meter + SEPARATOR + tag + "=" + v)).add(count);
    }

    void add(String meter, String tag, String value, String tag2, String value2) {
        add(meter + SEPARATOR + tag + "=" + value + SEPARATOR + tag2 + "=" + value2, 1);
    }

    private void add(String name, long count) {
        counter(name).add(count);
    }

    private LongCounter counter(String name) {
        return counters.computeIfAbsent(name, context::getLongCounter);
    }

    /** Whether an accumulator's name is one of these counts. */
    static boolean isCount(String name) {
        return name.startsWith("parallax.") && name.contains(SEPARATOR);
    }

    /** The meter's name of a count's accumulator name. */
    static String meter(String name) {
        return name.substring(0, name.indexOf(SEPARATOR));
    }

    /** The meter's tags of a count's accumulator name. */
    static Tags tags(String name) {
        Tags tags = Tags.empty();
        for (String pair : name.substring(name.indexOf(SEPARATOR) + 1).split("\\|")) {
            int equals = pair.indexOf('=');
            tags = tags.and(Tag.of(pair.substring(0, equals), pair.substring(equals + 1)));
        }
        return tags;
    }
}
