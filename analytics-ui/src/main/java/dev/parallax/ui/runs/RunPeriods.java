package dev.parallax.ui.runs;

import dev.parallax.ui.warehouse.Period;
import dev.parallax.ui.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * When a run's inferences were: a run's page reads its rows over these minutes rather than over all time, so that the
 * warehouse skips every other hour of the events (their sort key is by test, model and time, not by run).
 */
@Service
public class RunPeriods {

    private final Warehouse warehouse;

    public RunPeriods(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** The whole minutes from the run's first inference to the one after its last; empty for a run with none. */
    public Optional<Period> of(String runId) {
        // Without FINAL: the copies of a resent event share its time, so the first and last are the same either way,
        // and only run_id and event_time are read.
        record Span(long inferences, Instant first, Instant last) {
        }
        List<Span> span = warehouse.query("""
                SELECT count() AS inferences, min(event_time) AS first, max(event_time) AS last
                FROM parallax.inference_events WHERE run_id = ?
                """, rs -> new Span(rs.getLong("inferences"), Warehouse.instant(rs, "first"),
                Warehouse.instant(rs, "last")), runId);
        return span.getFirst().inferences() == 0 ? Optional.empty()
                : Optional.of(new Period(span.getFirst().first(), span.getFirst().last().plus(Duration.ofMinutes(1))));
    }
}
