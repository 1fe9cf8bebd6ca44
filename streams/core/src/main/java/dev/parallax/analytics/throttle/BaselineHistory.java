package dev.parallax.analytics.throttle;

import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A device's inference latencies of the last baseline window (by processed event time), oldest first. */
final class BaselineHistory {

    private record Entry(long eventTime, String model, double latencyMs) {
    }

    private final long windowMs;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    BaselineHistory(long windowMs) {
        this.windowMs = windowMs;
    }

    /** Records a processed inference; samples arrive in event-time order, so the deque stays sorted. */
    void record(long eventTime, String model, double latencyMs) {
        entries.addLast(new Entry(eventTime, model, latencyMs));
    }

    /** Forgets what can no longer fall into the baseline of an episode starting at {@code now} or later. */
    void prune(long now) {
        while (!entries.isEmpty() && entries.peekFirst().eventTime() < now - windowMs) {
            entries.removeFirst();
        }
    }

    /** Median latency per model over {@code [start - window, start)}. */
    Map<String, Double> mediansBefore(long start) {
        Map<String, List<Double>> byModel = new TreeMap<>();
        for (Entry entry : entries) {
            if (entry.eventTime() >= start - windowMs && entry.eventTime() < start) {
                byModel.computeIfAbsent(entry.model(), m -> new ArrayList<>()).add(entry.latencyMs());
            }
        }
        Map<String, Double> medians = new TreeMap<>();
        byModel.forEach((model, latencies) -> medians.put(model, LatencyInflation.lowerMedian(latencies)));
        return medians;
    }

    void writeTo(StateWriter out) {
        out.writeVarLong(entries.size());
        long previous = 0;
        for (Entry entry : entries) {
            out.writeSignedVarLong(entry.eventTime() - previous).writeString(entry.model())
                    .writeDouble(entry.latencyMs());
            previous = entry.eventTime();
        }
    }

    static BaselineHistory readFrom(StateReader in, long windowMs) {
        BaselineHistory history = new BaselineHistory(windowMs);
        long time = 0;
        for (int i = in.readLength(); i > 0; i--) {
            time += in.readSignedVarLong();
            history.record(time, in.readString(), in.readDouble());
        }
        return history;
    }
}
