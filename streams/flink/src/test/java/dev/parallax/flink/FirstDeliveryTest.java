package dev.parallax.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parallax.analytics.arrival.ArrivalPolicy;
import dev.parallax.contract.Topics;
import dev.parallax.streams.records.EventIdBucket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Flink job's first-delivery step in an operator harness: an event resent (same id, device and event time) is
 * dropped, also after a checkpoint restored into a fresh operator on either backend (on RocksDB the live buckets are
 * written back before the barrier), and an id is forgotten once its bucket's time is up.
 */
class FirstDeliveryTest {

    private static final long T0 = 1_700_000_040_000L;
    private static final ArrivalPolicy ARRIVAL = ArrivalPolicy.of(Duration.ofDays(7), Duration.ofHours(1));

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void aResentEventPassesOnceAcrossACheckpoint(String backend) throws Exception {
        List<DecodedInput> first = List.of(event("pi5-01", T0), event("pi5-01", T0 + 10), event("pi5-02", T0 + 10));
        OperatorSubtaskState checkpoint;
        try (var harness = harness(backend)) {
            harness.open();
            for (DecodedInput input : first) harness.processElement(input, input.eventTime);
            harness.processElement(copy(first.get(1)), T0 + 10); // a producer's retry
            assertEquals(3, harness.extractOutputValues().size());
            harness.prepareSnapshotPreBarrier(1);
            checkpoint = harness.snapshot(1, 0);
        }
        try (var restored = harness(backend)) {
            restored.initializeState(checkpoint);
            restored.open();
            for (DecodedInput input : first) restored.processElement(copy(input), input.eventTime); // the batch resent
            DecodedInput next = event("pi5-01", T0 + 20);
            restored.processElement(next, next.eventTime);
            assertEquals(List.of(next.eventId), restored.extractOutputValues().stream().map(i -> i.eventId).toList());
        }
    }

    /**
     * A bucket of a checkpoint taken before buckets were kept as bytes (the bucket itself under "event-ids") is
     * read on its key's first use and moved: its ids are still recognised, before and after the next checkpoint.
     */
    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void aBucketOfAnEarlierLayoutIsReadAndMoved(String backend) throws Exception {
        DecodedInput original = event("pi5-01", T0);
        try (var harness = harness(backend)) {
            harness.open();
            KeyedStateBackend<String> state = harness.getOperator().getKeyedStateBackend();
            state.setCurrentKey(FirstDelivery.bucketKey(original));
            ValueState<EventIdBucket> asObjects = state.getPartitionedState(VoidNamespace.INSTANCE,
                    VoidNamespaceSerializer.INSTANCE, new ValueStateDescriptor<>("event-ids", EventIdBucketSerializer.INSTANCE));
            EventIdBucket earlier = new EventIdBucket();
            earlier.add(UUID.fromString(original.eventId), original.eventTime);
            asObjects.update(earlier);

            harness.processElement(copy(original), T0);
            harness.prepareSnapshotPreBarrier(1);
            harness.snapshot(1, 0);
            harness.processElement(copy(original), T0);
            assertEquals(List.of(), harness.extractOutputValues(), "the earlier layout's id is recognised");
            state.setCurrentKey(FirstDelivery.bucketKey(original));
            assertNull(asObjects.value(), "moved");
        }
    }

    @Test
    void anIdIsForgottenOnceItsBucketsTimeIsUp() throws Exception {
        try (var harness = harness("hashmap")) {
            harness.open();
            DecodedInput event = event("pi5-01", T0);
            harness.setProcessingTime(0);
            harness.processElement(event, T0);
            harness.setProcessingTime(ARRIVAL.horizonMs() + ARRIVAL.maxClockAheadMs() - 1);
            harness.processElement(copy(event), T0);
            assertEquals(1, harness.extractOutputValues().size(), "still remembered");
            harness.setProcessingTime(ARRIVAL.horizonMs() + ARRIVAL.maxClockAheadMs());
            harness.processElement(copy(event), T0);
            assertEquals(2, harness.extractOutputValues().size(), "forgotten: beyond the horizon, it counts again");
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, DecodedInput, DecodedInput> harness(String backend)
            throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new LiveStateOperator<>(
                new FirstDelivery(ARRIVAL)), FirstDelivery::bucketKey, Types.STRING);
        if (backend.equals("rocksdb")) harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        return harness;
    }

    private static DecodedInput event(String device, long time) {
        return DecodedInput.accepted(Topics.INFERENCE, device, UUID.randomUUID().toString(), time);
    }

    private static DecodedInput copy(DecodedInput input) {
        return DecodedInput.accepted(input.topic, input.recordKey, input.eventId, input.eventTime);
    }
}
