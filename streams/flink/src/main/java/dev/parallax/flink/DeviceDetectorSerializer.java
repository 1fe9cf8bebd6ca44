package dev.parallax.flink;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.throttle.ThrottleSettings;
import dev.parallax.streams.records.DeviceDetector;
import dev.parallax.streams.records.ThrottleEpisodeAnalytic;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * A device's {@link DeviceDetector} in its own bytes (see {@link StateCodecSerializer}): the heap backend keeps
 * the detector live, so a sample updates it in place instead of decoding and re-encoding the whole detector
 * (minutes of latency sketches) per sample. The detector's settings are SPEC's, as {@link JobSettings#throttle()}
 * gives them.
 */
final class DeviceDetectorSerializer extends StateCodecSerializer<DeviceDetector> {

    static final DeviceDetectorSerializer INSTANCE = new DeviceDetectorSerializer();
    private static final StateCodec<DeviceDetector> CODEC =
            new ThrottleEpisodeAnalytic(ThrottleSettings.defaults()).stateCodec();

    @Override
    StateCodec<DeviceDetector> codec() {
        return CODEC;
    }

    @Override
    public TypeSerializerSnapshot<DeviceDetector> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint; the codec carries its own format version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DeviceDetector> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
