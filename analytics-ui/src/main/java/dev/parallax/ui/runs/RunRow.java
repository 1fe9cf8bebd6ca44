package dev.parallax.ui.runs;

import dev.parallax.insights.regression.RunChange;
import dev.parallax.insights.regression.SeriesKey;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One run in one of its series (a run of a CI job may test several models or tiers), with the gate's verdict on it
 * there.
 *
 * @param deviceId one of the devices it ran on; {@code devices} says how many there were
 * @param phase its last run event's phase ({@code STARTED}, {@code FINISHED}); empty when it sent none
 * @param changes the change points that start at this run in this series (see the gate)
 */
public record RunRow(String runId, SeriesKey key, String deviceId, long devices, Instant start, Instant end,
                     long inferences, long errors, String phase, List<RunChange> changes) {

    public RunRow {
        changes = List.copyOf(changes);
    }

    /** This row with the change points the gate found starting at it. */
    RunRow judged(List<RunChange> found) {
        return new RunRow(runId, key, deviceId, devices, start, end, inferences, errors, phase, found);
    }

    /** This row with its inferences and errors, counted apart from the rest of it. */
    RunRow counted(long inferences, long errors) {
        return new RunRow(runId, key, deviceId, devices, start, end, inferences, errors, phase, changes);
    }

    /** Whether the CI gate fails the run for this series: a regression starts at it that nobody expected. */
    public boolean fails() {
        return changes.stream().anyMatch(RunChange::fails);
    }

    /** The verdict for people: pass or fail, and the changes that start at this run. */
    public String verdict() {
        String because = changes.stream().map(RunRow::describe).collect(Collectors.joining(", "));
        return (fails() ? "FAIL" : "pass") + (because.isEmpty() ? "" : " · " + because);
    }

    public String status() {
        String state = switch (phase) {
            case "FINISHED" -> "finished";
            case "STARTED" -> "running";
            default -> "no run events";
        };
        return errors == 0 ? state : state + String.format(Locale.ROOT, ", %,d errors", errors);
    }

    private static String describe(RunChange c) {
        String change = String.format(Locale.ROOT, "%s %+.0f %%", c.metric().label(), 100 * c.relativeChange());
        if (!c.regression()) {
            return change + " (better)";
        }
        return c.expected() ? change + " (expected by " + c.expectedBy() + ")" : change;
    }
}
