package dev.parallax.flink;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.latency.LatencyWindow;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** {@link LatencyWindow} state in its own bytes (see {@link StateCodecSerializer}). */
final class LatencyWindowSerializer extends StateCodecSerializer<LatencyWindow> {

    static final LatencyWindowSerializer INSTANCE = new LatencyWindowSerializer();

    @Override
    StateCodec<LatencyWindow> codec() {
        return LatencyWindow.CODEC;
    }

    @Override
    public TypeSerializerSnapshot<LatencyWindow> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint; the codec carries its own format version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LatencyWindow> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
