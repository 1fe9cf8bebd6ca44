package dev.parallax.flink;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.streams.records.AttributedPairing;
import dev.parallax.streams.records.ReferencePairingAnalytic;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * A (model, input id)'s {@link AttributedPairing} in its own bytes (see {@link StateCodecSerializer}): the heap
 * backend keeps it live, so an output updates it in place. The settings are SPEC's, as
 * {@link JobSettings#divergence()} gives them.
 */
final class AttributedPairingSerializer extends StateCodecSerializer<AttributedPairing> {

    static final AttributedPairingSerializer INSTANCE = new AttributedPairingSerializer();
    private static final StateCodec<AttributedPairing> CODEC =
            new ReferencePairingAnalytic(DivergenceSettings.defaults()).stateCodec();

    @Override
    StateCodec<AttributedPairing> codec() {
        return CODEC;
    }

    @Override
    public TypeSerializerSnapshot<AttributedPairing> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint; the codec carries its own format version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AttributedPairing> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
