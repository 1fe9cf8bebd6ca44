package dev.parallax.kstreams;

import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.analytics.throttle.EpisodeDetector;
import dev.parallax.analytics.throttle.ThermalSample;
import dev.parallax.analytics.throttle.ThrottleEpisode;
import dev.parallax.analytics.throttle.ThrottleSettings;
import dev.parallax.streams.records.DerivedRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Thermal-throttle episodes (SPEC §4): one engine-free {@link EpisodeDetector} per device, kept live in a
 * {@link LiveStateStore} keyed by device id as a {@link DeviceDetector}: per commit, each updated detector's
 * compact state and the samples it received are written, each sample once.
 *
 * <p>The detector already decides, in event time, which rows an episode produces (open updates at most once
 * per interval of event time, then the closed row). Those rows wait in a second changelogged store keyed by
 * episode id, where a newer row of the same episode replaces the older one, and are emitted together once per
 * {@code emitInterval}: output stays bounded during a replay, and a row written just before a commit and a
 * crash is still emitted after the restart. A row's version grows with every update and the closed row's is
 * the highest, so the table, and a compacted topic, keep the closed episode.
 */
final class ThrottleEpisodeProcessor implements Processor<byte[], ThermalSample, String, byte[]> {

    static final String DETECTORS = "throttle-detectors";
    static final String PENDING = "throttle-pending";
    private static final int PENDING_TAG = 0x70;
    /** Version 2 holds the row alone; version 1, still read, also held the episode's start as its timestamp. */
    private static final int PENDING_VERSION = 2;

    private final ThrottleSettings settings;
    private final Duration emitInterval;
    private ProcessorContext<String, byte[]> context;
    private LiveStateStore<DeviceDetector> detectors;
    private KeyValueStore<Bytes, byte[]> pending;

    ThrottleEpisodeProcessor(ThrottleSettings settings, Duration emitInterval) {
        this.settings = settings;
        this.emitInterval = emitInterval;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.detectors = context.getStateStore(DETECTORS);
        this.pending = context.getStateStore(PENDING);
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitPending());
    }

    @Override
    public void process(Record<byte[], ThermalSample> record) {
        Bytes deviceId = Bytes.wrap(record.key());
        DeviceDetector detector = detectors.get(deviceId);
        if (detector == null) detector = DeviceDetector.fresh(settings);
        for (ThrottleEpisode episode : detector.onSample(record.value())) {
            pending.put(utf8(episode.episodeId()), new StateWriter(PENDING_TAG, PENDING_VERSION)
                    .writeBytes(DerivedRecords.throttleEpisode(episode)).toByteArray());
        }
        detectors.put(deviceId, detector);
    }

    private void emitPending() {
        // Stamped with the wall clock, which the broker accepts whatever the device's clock said.
        long now = context.currentSystemTimeMs();
        List<Bytes> emitted = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> rows = pending.all()) {
            while (rows.hasNext()) {
                KeyValue<Bytes, byte[]> entry = rows.next();
                StateReader in = new StateReader(entry.value, PENDING_TAG, PENDING_VERSION, "pending throttle episode");
                if (in.version() == 1) in.readSignedVarLong();
                String episodeId = new String(entry.key.get(), StandardCharsets.UTF_8);
                context.forward(new Record<>(episodeId, in.readBytes(), now));
                emitted.add(entry.key);
            }
        }
        emitted.forEach(pending::delete);
    }

    private static Bytes utf8(String text) {
        return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
