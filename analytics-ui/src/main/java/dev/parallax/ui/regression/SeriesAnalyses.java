package dev.parallax.ui.regression;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The analyses of series as they stand now, kept between page loads and users: the UI's pages judge runs with these
 * (a page of runs shows the gate's verdict on each), and reading a series costs far more than checking that it has not
 * changed.
 *
 * <p>Each analysis is kept with the {@link SeriesState} it was read at. Asked for some series, this reads their states
 * (one light query) and re-reads, all together, those whose state is not the one kept: a series that gained a run, an
 * inference, a divergence pair, a throttle episode of one of its devices, a run event or an expected-change mark is
 * analysed afresh, so the verdict is the one the CI gate ({@link RegressionGate} over {@link ChangePoints#find}) gives
 * on the warehouse at the moment it was asked, never one of an older look. The state is read before the series: data
 * arriving between the two makes the kept state older than the analysis, which only costs a re-read next time.
 */
@Service
public class SeriesAnalyses {

    /** Series kept at most, least recently asked for dropped first: a few hundred runs' figures each. */
    static final int KEPT = 4096;

    private record Kept(SeriesState state, SeriesAnalysis analysis) {
    }

    private final RunSeriesReader reader;
    private final ChangePoints changePoints;
    private final Map<SeriesKey, Kept> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SeriesKey, Kept> eldest) {
            return size() > KEPT;
        }
    };

    public SeriesAnalyses(RunSeriesReader reader, ChangePoints changePoints) {
        this.reader = reader;
        this.changePoints = changePoints;
    }

    /** A fresh look of the gate, with these analyses: the verdicts it gives are the CI gate's on the warehouse now. */
    public RegressionGate gate() {
        return new RegressionGate(reader, changePoints, this::current);
    }

    /** The analysis of each series of {@code keys} as it stands now: kept ones unchanged since, others read afresh. */
    public Map<SeriesKey, SeriesAnalysis> current(Collection<SeriesKey> keys) {
        List<SeriesKey> asked = List.copyOf(new LinkedHashSet<>(keys));
        Map<SeriesKey, SeriesState> states = reader.states(asked);
        Map<SeriesKey, SeriesAnalysis> analyses = new HashMap<>();
        List<SeriesKey> changed = new ArrayList<>();
        synchronized (kept) {
            for (SeriesKey key : asked) {
                Kept k = kept.get(key);
                if (k != null && k.state().equals(states.get(key))) {
                    analyses.put(key, k.analysis());
                } else {
                    changed.add(key);
                }
            }
        }
        // Read outside the lock: other pages' series need not wait for these.
        Map<SeriesKey, SeriesAnalysis> fresh = changed.isEmpty() ? Map.of() : changePoints.find(changed);
        synchronized (kept) {
            fresh.forEach((key, analysis) -> {
                SeriesState state = states.get(key);
                // A series without runs has no state: nothing to keep it by.
                if (state != null) {
                    kept.put(key, new Kept(state, analysis));
                }
            });
        }
        analyses.putAll(fresh);
        return analyses;
    }
}
