package dev.parallax.analytics.throttle;

import dev.parallax.analytics.codec.StateFormatException;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * The thermal-throttle episode state machine of one device, in event time (SPEC §4). Key the stream by
 * device id and keep one detector per device.
 *
 * <p><b>Order.</b> Samples are buffered and processed in event-time order (event id breaking ties) once the
 * device's watermark, its largest event time seen minus the grace, has passed them. A sample older than the
 * watermark on arrival is late: it is counted ({@link #lateSamples()}) and takes no part (it stays in the raw
 * tables). Within the grace, arrival order therefore changes nothing: the same samples give the same episodes,
 * the same updates and the same state bytes. The watermark advances only with the device's own samples, so
 * results depend on the input alone, never on wall-clock time or on other devices.
 *
 * <p><b>Episodes.</b> A sample is hot when its temperature is at least T_on or its throttle flags have bit 1, 2
 * or 3 set. A hot sample opens an episode. An open episode closes at the first later sample that is not hot,
 * whose device temperature (the newest one the device reported; none at all counts as cool) is below
 * T_on − hysteresis, and at least the quiet period after the last sample with throttling bits; that sample's
 * time is the end and it is not part of the episode. Episodes whose hot span stays below the minimum are
 * dropped as noise: nothing is emitted for them.
 *
 * <p><b>Output.</b> {@link #onSample} returns the rows to write: an open episode is emitted once its hot span
 * reaches the minimum, then again at most once per open-update interval of event time, and finally as the
 * closed row. Each row carries a {@link ThrottleEpisode#version() version} that grows with every update.
 *
 * <p><b>State.</b> The latencies behind latency inflation are kept as sketches (see {@link LatencyInflation}):
 * the baseline as one per model and {@linkplain ThrottleSettings#baselineSliceMs() slice} of the baseline window,
 * the open episode as one per model. They do not grow with the inference rate; the samples waiting for the
 * watermark do, with the rate times the grace.
 */
public final class EpisodeDetector {

    private static final int FORMAT_TAG = 0x54;
    /** Version 2 keeps latencies as sketches; version 1, which kept every latency, is still read. */
    private static final int VERSION = 2;
    private static final long NO_TIME = Long.MIN_VALUE;

    private final ThrottleSettings settings;
    private String deviceId;
    private String deviceClass;
    private long maxEventTime = NO_TIME;
    private long lateSamples;
    private Double lastTemperatureC;
    /**
     * Samples not yet processed, as a heap in processing order: samples mostly arrive in order, and a heap takes
     * those in one comparison where a sorted set takes a dozen. A repeated event may sit in it twice; the copies
     * come out one after the other and only the first is processed.
     */
    private final PriorityQueue<ThermalSample> pending = new PriorityQueue<>(ThermalSample.PROCESSING_ORDER);
    private final BaselineHistory baseline;
    private EpisodeInProgress episode;
    /** The sample last taken into {@link #pending}, whose strings the next ones share; not part of the state. */
    private ThermalSample lastTaken;

    public EpisodeDetector(ThrottleSettings settings) {
        this.settings = Objects.requireNonNull(settings);
        this.baseline = new BaselineHistory(settings.baselineWindowMs(), settings.baselineSliceMs());
    }

    private EpisodeDetector(ThrottleSettings settings, BaselineHistory baseline) {
        this.settings = settings;
        this.baseline = baseline;
    }

    /**
     * Takes one sample of this detector's device and returns the episode rows it causes, oldest first.
     *
     * @throws IllegalArgumentException when the sample belongs to another device
     */
    public List<ThrottleEpisode> onSample(ThermalSample sample) {
        if (deviceId == null) deviceId = sample.deviceId();
        requireOwn(sample);
        if (maxEventTime != NO_TIME && sample.eventTime() < watermark()) {
            lateSamples++;
            return List.of();
        }
        // The same event again (a redelivery) while still buffered is dropped on its way out; once processed, a
        // copy is always late.
        hold(sample);
        maxEventTime = Math.max(maxEventTime, sample.eventTime());

        List<ThrottleEpisode> emitted = new ArrayList<>();
        long watermark = watermark();
        ThermalSample previous = null;
        while (!pending.isEmpty() && pending.peek().eventTime() < watermark) {
            ThermalSample next = pending.poll();
            if (previous == null || ThermalSample.PROCESSING_ORDER.compare(previous, next) != 0) process(next, emitted);
            previous = next;
        }
        return emitted;
    }

    /**
     * Buffers the sample until the watermark passes it, holding the previous sample's instances of the strings
     * they have in common (device, class, model, test) instead of its own copies: the grace buffer holds every
     * sample of the last 30 s of event time, thousands per busy device, and each decoded event brings new copies
     * of the same few strings.
     */
    private void hold(ThermalSample sample) {
        ThermalSample last = lastTaken;
        lastTaken = last == null ? sample : new ThermalSample(sample.eventId(), last.deviceId(),
                same(last.deviceClass(), sample.deviceClass()), sample.eventTime(), sample.temperatureC(),
                sample.throttleFlags(), same(last.modelName(), sample.modelName()),
                same(last.testId(), sample.testId()), sample.latencyMs());
        pending.add(lastTaken);
    }

    private static String same(String shared, String own) {
        return Objects.equals(shared, own) ? shared : own;
    }

    private void process(ThermalSample sample, List<ThrottleEpisode> emitted) {
        deviceClass = sample.deviceClass();
        if (sample.temperatureC() != null) {
            lastTemperatureC = sample.temperatureC();
        }
        boolean hot = isHot(sample);
        if (episode == null) {
            if (hot) {
                episode = EpisodeInProgress.openedBy(sample, baseline.mediansBefore(sample.eventTime()));
                emitIfDue(emitted);
            }
        } else if (!hot && cooledDown() && episode.throttlingBitsQuietAt(sample.eventTime(), settings.quietPeriodMs())) {
            if (episode.isConfirmed(settings.minHotSpanMs())) {
                emitted.add(episode.closedAt(sample.eventTime(), deviceId, deviceClass));
            }
            episode = null;
        } else {
            episode.add(sample, hot);
            emitIfDue(emitted);
        }
        if (sample.isInference() && sample.latencyMs() != null) {
            baseline.record(sample.eventTime(), sample.modelName(), sample.latencyMs());
        }
        baseline.prune(sample.eventTime());
    }

    private boolean isHot(ThermalSample sample) {
        return sample.hasThrottlingBits() || sample.temperatureC() != null
                && sample.temperatureC() >= settings.onThresholdC(sample.deviceClass());
    }

    private boolean cooledDown() {
        return lastTemperatureC == null || lastTemperatureC < settings.offThresholdC(deviceClass);
    }

    private void emitIfDue(List<ThrottleEpisode> emitted) {
        if (episode.isConfirmed(settings.minHotSpanMs()) && episode.updateDue(settings.openUpdateIntervalMs())) {
            emitted.add(episode.openUpdate(deviceId, deviceClass));
        }
    }

    /** Samples that arrived behind the watermark and were ignored. */
    public long lateSamples() {
        return lateSamples;
    }

    /** Whether an episode is open (confirmed or not yet). */
    public boolean hasOpenEpisode() {
        return episode != null;
    }

    /** The samples waiting for the watermark, in processing order. */
    public List<ThermalSample> pending() {
        return List.copyOf(waiting());
    }

    /**
     * Samples processed from here on are at least this old; an arriving sample older than it is late. The
     * samples waiting are exactly those received, not late, and at least this old.
     */
    public long watermark() {
        return maxEventTime == NO_TIME ? NO_TIME : maxEventTime - settings.graceMs();
    }

    /** The whole state, the samples waiting for the watermark included. */
    public byte[] toBytes() {
        return toBytes(true);
    }

    /**
     * The state without the samples waiting for the watermark, for an engine that persists samples once, as
     * they arrive, rather than with every snapshot of the detector: the waiting samples grow with the rate
     * times the grace. Restore with {@link #fromBytes} and {@link #restoreWaiting}.
     */
    public byte[] toBytesWithoutWaiting() {
        return toBytes(false);
    }

    /**
     * Buffers again, from {@code received}, the samples still waiting for the watermark: those not older than
     * it. Samples already processed, late ones and repeats are skipped, so {@code received} may hold every
     * sample persisted since the snapshot was taken and more.
     */
    public void restoreWaiting(Iterable<ThermalSample> received) {
        long watermark = watermark();
        for (ThermalSample sample : received) {
            requireOwn(sample);
            if (sample.eventTime() >= watermark) hold(sample);
        }
    }

    private void requireOwn(ThermalSample sample) {
        if (!sample.deviceId().equals(deviceId)) {
            throw new IllegalArgumentException("detector of " + deviceId + " got a sample of " + sample.deviceId());
        }
    }

    /** The waiting samples in processing order, each once. */
    private TreeSet<ThermalSample> waiting() {
        TreeSet<ThermalSample> waiting = new TreeSet<>(ThermalSample.PROCESSING_ORDER);
        waiting.addAll(pending);
        return waiting;
    }

    private byte[] toBytes(boolean withWaiting) {
        StateWriter out = new StateWriter(FORMAT_TAG, VERSION)
                .writeNullableString(deviceId)
                .writeNullableString(deviceClass)
                .writeSignedVarLong(maxEventTime)
                .writeVarLong(lateSamples)
                .writeBoolean(lastTemperatureC != null);
        if (lastTemperatureC != null) {
            out.writeDouble(lastTemperatureC);
        }
        Collection<ThermalSample> waiting = withWaiting ? waiting() : List.of();
        out.writeVarLong(waiting.size());
        waiting.forEach(sample -> sample.writeTo(out));
        baseline.writeTo(out);
        out.writeBoolean(episode != null);
        if (episode != null) {
            episode.writeTo(out);
        }
        return out.toByteArray();
    }

    /**
     * Restores a detector; the settings are configuration, not state, and must be supplied again.
     *
     * @throws StateFormatException when the bytes are not a valid encoding
     */
    public static EpisodeDetector fromBytes(byte[] bytes, ThrottleSettings settings) {
        StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "episode detector");
        String deviceId = in.readNullableString();
        String deviceClass = in.readNullableString();
        long maxEventTime = in.readSignedVarLong();
        long late = in.readVarLong();
        Double lastTemperature = in.readBoolean() ? in.readDouble() : null;
        List<ThermalSample> waiting = new ArrayList<>();
        for (int i = in.readLength(); i > 0; i--) {
            waiting.add(ThermalSample.readFrom(in));
        }
        EpisodeDetector detector = new EpisodeDetector(settings, BaselineHistory.readFrom(in, settings));
        detector.episode = in.readBoolean() ? EpisodeInProgress.readFrom(in) : null;
        in.expectEnd();
        detector.deviceId = deviceId;
        detector.deviceClass = deviceClass;
        detector.maxEventTime = maxEventTime;
        detector.lateSamples = late;
        detector.lastTemperatureC = lastTemperature;
        waiting.forEach(detector::hold);
        return detector;
    }
}
