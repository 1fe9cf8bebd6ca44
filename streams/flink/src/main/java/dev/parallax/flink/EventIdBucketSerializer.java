package dev.parallax.flink;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.streams.records.EventIdBucket;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** One device's event ids of one second ({@link FirstDelivery}) in their own bytes (see {@link StateCodecSerializer}). */
final class EventIdBucketSerializer extends StateCodecSerializer<EventIdBucket> {

    static final EventIdBucketSerializer INSTANCE = new EventIdBucketSerializer();

    @Override
    StateCodec<EventIdBucket> codec() {
        return EventIdBucket.CODEC;
    }

    @Override
    public TypeSerializerSnapshot<EventIdBucket> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint; the codec carries its own format version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EventIdBucket> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
