package dev.parallax.flink;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.throttle.EpisodeDetector;
import dev.parallax.analytics.throttle.ThrottleSettings;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * A device's {@link EpisodeDetector} state in its own bytes (see {@link StateCodecSerializer}): the heap backend
 * keeps the detector live, so a sample updates it in place instead of decoding and re-encoding the whole
 * detector (minutes of latency sketches) per sample. The detector's settings are SPEC's, as
 * {@link JobSettings#throttle()} gives them.
 */
final class EpisodeDetectorSerializer extends StateCodecSerializer<EpisodeDetector> {

    static final EpisodeDetectorSerializer INSTANCE = new EpisodeDetectorSerializer();
    private static final StateCodec<EpisodeDetector> CODEC =
            StateCodec.of(EpisodeDetector::toBytes, bytes -> EpisodeDetector.fromBytes(bytes, ThrottleSettings.defaults()));

    @Override
    StateCodec<EpisodeDetector> codec() {
        return CODEC;
    }

    @Override
    public TypeSerializerSnapshot<EpisodeDetector> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint; the codec carries its own format version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EpisodeDetector> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
