package dev.parallax.flink;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.latency.LatencyWindowState;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** {@link LatencyWindowState} state in its own bytes (see {@link StateCodecSerializer}). */
final class LatencyWindowStateSerializer extends StateCodecSerializer<LatencyWindowState> {

    static final LatencyWindowStateSerializer INSTANCE = new LatencyWindowStateSerializer();

    @Override
    StateCodec<LatencyWindowState> codec() {
        return LatencyWindowState.CODEC;
    }

    @Override
    public TypeSerializerSnapshot<LatencyWindowState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint; the codec carries its own format version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LatencyWindowState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
