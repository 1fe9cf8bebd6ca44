package dev.parallax.analytics.throttle;

import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/** The running figures of an open episode. */
final class EpisodeInProgress {

    private static final long NEVER = Long.MIN_VALUE;

    private final long startTime;
    private long lastSampleTime;
    private long hotSpanEnd;
    private long lastThrottlingBitsTime = NEVER;
    private long lastEmittedTime = NEVER;
    private long samples;
    private long inferences;
    private long temperatures;
    private double temperatureSum;
    private double peakTemperature = Double.NEGATIVE_INFINITY;
    private final TreeSet<String> tests = new TreeSet<>();
    private final LatencyInflation inflation;

    private EpisodeInProgress(long startTime, LatencyInflation inflation) {
        this.startTime = startTime;
        this.lastSampleTime = startTime;
        this.hotSpanEnd = startTime;
        this.inflation = inflation;
    }

    /** Opens an episode at its opening sample, with the baseline medians of the window before it. */
    static EpisodeInProgress openedBy(ThermalSample sample, Map<String, Double> baselineMedians) {
        EpisodeInProgress episode = new EpisodeInProgress(sample.eventTime(), new LatencyInflation(baselineMedians));
        episode.add(sample, true);
        return episode;
    }

    void add(ThermalSample sample, boolean hot) {
        samples++;
        lastSampleTime = sample.eventTime();
        if (hot) {
            hotSpanEnd = sample.eventTime();
        }
        if (sample.hasThrottlingBits()) {
            lastThrottlingBitsTime = sample.eventTime();
        }
        if (sample.temperatureC() != null) {
            temperatures++;
            temperatureSum += sample.temperatureC();
            peakTemperature = Math.max(peakTemperature, sample.temperatureC());
        }
        if (sample.isInference()) {
            inferences++;
            if (sample.testId() != null) {
                tests.add(sample.testId());
            }
            if (sample.latencyMs() != null) {
                inflation.add(sample.modelName(), sample.latencyMs());
            }
        }
    }

    /** Whether no throttling bit has been seen for the quiet period before {@code time}. */
    boolean throttlingBitsQuietAt(long time, long quietPeriodMs) {
        return lastThrottlingBitsTime == NEVER || time - lastThrottlingBitsTime >= quietPeriodMs;
    }

    /** Whether the hot span (first to last sample meeting the open condition) is long enough to be real. */
    boolean isConfirmed(long minHotSpanMs) {
        return hotSpanEnd - startTime >= minHotSpanMs;
    }

    /** Whether an open update is due: the first once confirmed, then one per interval of event time. */
    boolean updateDue(long openUpdateIntervalMs) {
        return lastEmittedTime == NEVER || lastSampleTime - lastEmittedTime >= openUpdateIntervalMs;
    }

    ThrottleEpisode openUpdate(String deviceId, String deviceClass) {
        lastEmittedTime = lastSampleTime;
        return snapshot(deviceId, deviceClass, lastSampleTime, true);
    }

    ThrottleEpisode closedAt(long endTime, String deviceId, String deviceClass) {
        return snapshot(deviceId, deviceClass, endTime, false);
    }

    private ThrottleEpisode snapshot(String deviceId, String deviceClass, long endTime, boolean open) {
        boolean anyTemperature = temperatures > 0;
        return new ThrottleEpisode(episodeId(deviceId, startTime), deviceId, deviceClass, startTime, endTime,
                anyTemperature ? peakTemperature : Double.NaN,
                anyTemperature ? temperatureSum / temperatures : Double.NaN,
                samples, inferences, tests.size(), inflation.value(), open, 2 * endTime + (open ? 0 : 1));
    }

    static String episodeId(String deviceId, long startTime) {
        return UUID.nameUUIDFromBytes((deviceId + '\u0000' + startTime).getBytes(StandardCharsets.UTF_8)).toString();
    }

    void writeTo(StateWriter out) {
        out.writeSignedVarLong(startTime).writeSignedVarLong(lastSampleTime).writeSignedVarLong(hotSpanEnd)
                .writeSignedVarLong(lastThrottlingBitsTime).writeSignedVarLong(lastEmittedTime)
                .writeVarLong(samples).writeVarLong(inferences).writeVarLong(temperatures)
                .writeDouble(temperatureSum).writeDouble(peakTemperature)
                .writeVarLong(tests.size());
        tests.forEach(out::writeString);
        inflation.writeTo(out);
    }

    static EpisodeInProgress readFrom(StateReader in) {
        long startTime = in.readSignedVarLong();
        long lastSampleTime = in.readSignedVarLong();
        long hotSpanEnd = in.readSignedVarLong();
        long lastBits = in.readSignedVarLong();
        long lastEmitted = in.readSignedVarLong();
        long samples = in.readVarLong();
        long inferences = in.readVarLong();
        long temperatures = in.readVarLong();
        double temperatureSum = in.readDouble();
        double peak = in.readDouble();
        TreeSet<String> tests = new TreeSet<>();
        for (int i = in.readLength(); i > 0; i--) {
            tests.add(in.readString());
        }
        EpisodeInProgress episode = new EpisodeInProgress(startTime, LatencyInflation.readFrom(in));
        episode.lastSampleTime = lastSampleTime;
        episode.hotSpanEnd = hotSpanEnd;
        episode.lastThrottlingBitsTime = lastBits;
        episode.lastEmittedTime = lastEmitted;
        episode.samples = samples;
        episode.inferences = inferences;
        episode.temperatures = temperatures;
        episode.temperatureSum = temperatureSum;
        episode.peakTemperature = peak;
        episode.tests.addAll(tests);
        return episode;
    }
}
