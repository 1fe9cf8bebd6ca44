package dev.parallax.collector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which caller owns each run: the first token that wrote one of its events through this collector, normally with
 * the run's STARTED event. A device token may then write only the runs it owns (or new ones); a CI token may write
 * any run. Kept in memory only, least recently used first out beyond {@code capacity}: after a restart, or for a
 * run evicted, the next token that writes to the run owns it again.
 */
final class RunOwners {

    private final Map<String, String> ownerByRun;

    RunOwners(int capacity) {
        this.ownerByRun = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Claims {@code runIds} for {@code caller}, all or none: the position of the first run that another caller owns
     * (nothing is claimed then), or -1 when the caller may write to every one of them.
     */
    synchronized int claim(List<String> runIds, Caller caller) {
        String identity = caller.identity();
        if (!caller.ci()) {
            for (int i = 0; i < runIds.size(); i++) {
                String owner = ownerByRun.get(runIds.get(i));
                if (owner != null && !owner.equals(identity)) return i;
            }
        }
        for (String run : runIds) ownerByRun.putIfAbsent(run, identity);
        return -1;
    }

    synchronized int size() {
        return ownerByRun.size();
    }
}
