package dev.parallax.ui.runs;

import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Which events a run's page reads its rows from: the run's own, over the minutes of its inferences rather than over
 * all time, and on its test when it ran one. The events' sort key is by test, model and time, not by run: narrowed to
 * a test and a few hours, the warehouse reads a few granules of them instead of every one.
 */
@Service
public class RunScope {

    private final Warehouse warehouse;

    public RunScope(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** The run's rows: the same a filter of the run over all time holds; empty for a run without inferences. */
    public Optional<RunFilter> of(String runId) {
        // Without FINAL: the copies of a resent event share its time and test, so the first and last inference and
        // the tests are the same either way, and only four columns are read.
        record Span(long inferences, Period period, long tests, String oneTest) {
        }
        Span span = warehouse.query("""
                SELECT count() AS inferences, min(event_time) AS first, max(event_time) AS last,
                    uniqExact(test_id) AS tests, any(test_id) AS one_test
                FROM parallax.inference_events WHERE run_id = ?
                """, rs -> new Span(rs.getLong("inferences"), rs.getLong("inferences") == 0 ? null
                : new Period(Warehouse.instant(rs, "first"), Warehouse.instant(rs, "last").plus(Duration.ofMinutes(1))),
                rs.getLong("tests"), rs.getString("one_test")), runId).getFirst();
        if (span.inferences() == 0) {
            return Optional.empty();
        }
        RunFilter run = RunFilter.of(span.period()).withRun(runId);
        return Optional.of(span.tests() == 1 ? run.withTest(span.oneTest()) : run);
    }
}
