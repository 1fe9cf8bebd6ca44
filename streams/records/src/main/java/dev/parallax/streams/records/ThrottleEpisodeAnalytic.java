package dev.parallax.streams.records;

import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.throttle.EpisodeDetector;
import dev.parallax.analytics.throttle.ThermalSample;
import dev.parallax.analytics.throttle.ThrottleEpisode;
import dev.parallax.analytics.throttle.ThrottleSettings;
import dev.parallax.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Thermal-throttle episodes (SPEC §4): one engine-free {@link EpisodeDetector} per device, fed the device's
 * inferences and device samples. The detector judges lateness by its own device's event time and decides which
 * rows an episode produces (open updates at most once per interval of event time, then the closed row); a
 * row's version grows with every update, and a newer row of an episode replaces the older.
 */
public final class ThrottleEpisodeAnalytic implements KeyedStateAnalytic<ThermalSample, String, DeviceDetector, ThrottleEpisode> {

    /** Device ids as their UTF-8 bytes: a record keyed by its device, as the SDK and collector publish, already is. */
    private static final StateCodec<String> DEVICE_ID =
            StateCodec.of(id -> id.getBytes(StandardCharsets.UTF_8), bytes -> new String(bytes, StandardCharsets.UTF_8));

    private final ThrottleSettings settings;

    public ThrottleEpisodeAnalytic(ThrottleSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "throttle";
    }

    @Override
    public StateCodec<String> keyCodec() {
        return DEVICE_ID;
    }

    /** The whole detector, waiting samples included; Kafka Streams stores it in chunks instead. */
    @Override
    public StateCodec<DeviceDetector> stateCodec() {
        return StateCodec.of(state -> state.detector().toBytes(),
                bytes -> new DeviceDetector(EpisodeDetector.fromBytes(bytes, settings)));
    }

    @Override
    public String key(ThermalSample sample) {
        return sample.deviceId();
    }

    @Override
    public long eventTime(ThermalSample sample) {
        return sample.eventTime();
    }

    @Override
    public DeviceDetector emptyState() {
        return DeviceDetector.fresh(settings);
    }

    /** The detector sorts out only its grace period of disorder. */
    @Override
    public boolean takesInputsInOrder() {
        return true;
    }

    /** The detector keeps its own device's clock; the engine's is not needed. */
    @Override
    public List<ThrottleEpisode> onInput(DeviceDetector detector, ThermalSample sample, long clock) {
        return detector.onSample(sample);
    }

    @Override
    public List<DerivedRecord> records(ThrottleEpisode episode) {
        return List.of(new DerivedRecord(Topics.THROTTLE, episode.episodeId(), DerivedRecords.throttleEpisode(episode)));
    }

    @Override
    public String replacingTopic() {
        return Topics.THROTTLE;
    }
}
