package dev.parallax.streams.records;

import dev.parallax.analytics.throttle.EpisodeDetector;
import dev.parallax.analytics.throttle.ThermalSample;
import dev.parallax.analytics.throttle.ThrottleEpisode;
import dev.parallax.analytics.throttle.ThrottleSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * A device's {@link EpisodeDetector} as the throttle analytic keeps it: the detector, and the samples it took
 * since they were last {@linkplain #takeUnsaved taken}, for an engine that persists each sample once, as it
 * comes, and the detector without its grace buffer (Kafka Streams' chunked store): rewriting the buffer with
 * every snapshot costs the rate times the grace per commit (3,000 samples at 100 inferences/s).
 *
 * <p>An engine that stores the detector whole never takes them: so that the list stays bounded there too,
 * samples the detector has processed (older than its watermark) leave it as it grows, since the detector's
 * own state holds what they changed. It stays within about twice the grace buffer.
 */
public final class DeviceDetector {

    private static final int FIRST_PRUNE = 1_024;

    private final EpisodeDetector detector;
    private final List<ThermalSample> unsaved = new ArrayList<>();
    private int pruneAt = FIRST_PRUNE;

    public DeviceDetector(EpisodeDetector detector) {
        this.detector = detector;
    }

    public static DeviceDetector fresh(ThrottleSettings settings) {
        return new DeviceDetector(new EpisodeDetector(settings));
    }

    /** Hands the sample to the detector and keeps it until taken; returns the episode rows it causes. */
    public List<ThrottleEpisode> onSample(ThermalSample sample) {
        List<ThrottleEpisode> emitted = detector.onSample(sample);
        unsaved.add(sample);
        if (unsaved.size() >= pruneAt) {
            long watermark = detector.watermark();
            unsaved.removeIf(taken -> taken.eventTime() < watermark);
            pruneAt = Math.max(FIRST_PRUNE, 2 * unsaved.size());
        }
        return emitted;
    }

    public EpisodeDetector detector() {
        return detector;
    }

    /** Samples to persist: those taken since the last call, less any already processed; the list is then empty. */
    public List<ThermalSample> takeUnsaved() {
        List<ThermalSample> taken = List.copyOf(unsaved);
        unsaved.clear();
        pruneAt = FIRST_PRUNE;
        return taken;
    }

    /** Keeps samples read back from storage for the next {@link #takeUnsaved} (a layout being migrated). */
    public void keepUnsaved(List<ThermalSample> samples) {
        unsaved.addAll(samples);
    }
}
