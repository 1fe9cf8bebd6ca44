package dev.parallax.replay;

import dev.parallax.contract.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * The exact offsets a replay reads, per input partition, fixed before it starts: records produced while it
 * runs are left to the live job, and progress is a fraction of a known total.
 */
record LogStretch(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {

    static LogStretch of(Admin admin, ReplayRange range) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> first = new HashMap<>();
        Map<TopicPartition, OffsetSpec> last = new HashMap<>();
        for (TopicDescription topic : admin.describeTopics(Topics.INPUTS).allTopicNames().get().values()) {
            topic.partitions().forEach(p -> {
                TopicPartition partition = new TopicPartition(topic.name(), p.partition());
                first.put(partition, range.from().map(t -> OffsetSpec.forTimestamp(t.toEpochMilli()))
                        .orElse(OffsetSpec.earliest()));
                last.put(partition, range.to().map(t -> OffsetSpec.forTimestamp(t.toEpochMilli()))
                        .orElse(OffsetSpec.latest()));
            });
        }
        Map<TopicPartition, Long> latest = offsets(admin, latestOf(first.keySet()));
        // forTimestamp finds no offset (-1) when every record is older: the stretch ends at the log's end.
        Map<TopicPartition, Long> start = resolve(offsets(admin, first), latest);
        Map<TopicPartition, Long> end = resolve(offsets(admin, last), latest);
        return new LogStretch(start, end);
    }

    long records() {
        return start.keySet().stream().mapToLong(p -> Math.max(0, end.get(p) - start.get(p))).sum();
    }

    /** Records of the stretch before the given positions (e.g. a consumer group's committed offsets). */
    long recordsBefore(Map<TopicPartition, Long> positions) {
        return start.keySet().stream().mapToLong(p -> {
            Long position = positions.get(p);
            return position == null ? 0 : Math.clamp(position - start.get(p), 0, end.get(p) - start.get(p));
        }).sum();
    }

    private static Map<TopicPartition, OffsetSpec> latestOf(Iterable<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(p -> specs.put(p, OffsetSpec.latest()));
        return specs;
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Map<TopicPartition, OffsetSpec> specs)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (var entry : admin.listOffsets(specs).all().get().entrySet()) {
            ListOffsetsResult.ListOffsetsResultInfo info = entry.getValue();
            offsets.put(entry.getKey(), info.offset());
        }
        return offsets;
    }

    private static Map<TopicPartition, Long> resolve(Map<TopicPartition, Long> offsets, Map<TopicPartition, Long> latest) {
        Map<TopicPartition, Long> resolved = new HashMap<>();
        offsets.forEach((p, offset) -> resolved.put(p, offset < 0 ? latest.get(p) : offset));
        return resolved;
    }
}
