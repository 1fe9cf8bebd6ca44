package dev.parallax.kafka;

import dev.parallax.contract.Topics;
import dev.parallax.kafka.EmbeddedKafkaBroker.TopicSpec;
import java.util.List;
import java.util.Map;

/** The SPEC §11 topics as the embedded broker creates them. */
public final class ParallaxTopics {

    /**
     * Input topics, dead letters and alerts are the source of truth (every table is rebuilt from them, alerts
     * are an audit trail), so they are kept forever; derived topics can be recomputed and age out.
     */
    private static final Map<String, String> KEEP_FOREVER = Map.of("retention.ms", "-1", "retention.bytes", "-1");
    /**
     * Input records are stamped by the broker when it appends them: their arrival (SPEC §3a), the one clock no
     * device controls, which places events whose clock runs ahead and measures each device's clock offset.
     */
    private static final Map<String, String> INPUT = Map.of("retention.ms", "-1", "retention.bytes", "-1",
            "message.timestamp.type", "LogAppendTime");
    private static final Map<String, String> DERIVED = Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000));

    private ParallaxTopics() {
    }

    public static List<TopicSpec> all(int partitions) {
        return List.of(
                new TopicSpec(Topics.INFERENCE, partitions, INPUT),
                new TopicSpec(Topics.DEVICE, partitions, INPUT),
                new TopicSpec(Topics.RUN, partitions, INPUT),
                new TopicSpec(Topics.DEAD_LETTER, partitions, KEEP_FOREVER),
                new TopicSpec(Topics.ALERTS, partitions, KEEP_FOREVER),
                new TopicSpec(Topics.LATENCY, partitions, DERIVED),
                new TopicSpec(Topics.THROTTLE, partitions, DERIVED),
                new TopicSpec(Topics.DIVERGENCE, partitions, DERIVED));
    }
}
