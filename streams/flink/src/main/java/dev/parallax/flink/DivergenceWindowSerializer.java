package dev.parallax.flink;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.divergence.DivergenceWindow;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** {@link DivergenceWindow} state in its own bytes (see {@link StateCodecSerializer}). */
final class DivergenceWindowSerializer extends StateCodecSerializer<DivergenceWindow> {

    static final DivergenceWindowSerializer INSTANCE = new DivergenceWindowSerializer();

    @Override
    StateCodec<DivergenceWindow> codec() {
        return DivergenceWindow.CODEC;
    }

    @Override
    public TypeSerializerSnapshot<DivergenceWindow> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint; the codec carries its own format version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DivergenceWindow> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
