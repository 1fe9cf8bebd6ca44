package dev.parallax.ui.runs;

import dev.parallax.insights.warehouse.Warehouse;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The tests a run's runner listed, from the run's FINISHED: forks that run one after another each state it anew, the
 * latest listing every fork's tests so far, under one event id and time (docs/sdk.md), so {@code FINAL} keeps that
 * one. Failed and aborted first, then skipped, then passed.
 */
@Service
public class RunTests {

    private final Warehouse warehouse;

    public RunTests(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public List<TestOutcome> of(String runId) {
        // The latest FINISHED: runners before the SDK stated it once per run gave each fork's its own time.
        return warehouse.query("""
                SELECT t.test_id AS test_id, t.display_name AS display_name, t.outcome AS outcome,
                       t.duration_ms AS duration_ms, t.inferences AS inferences,
                       t.latency_p50_ms AS p50, t.latency_p99_ms AS p99
                FROM parallax.runs FINAL ARRAY JOIN tests AS t
                WHERE run_id = ? AND phase = 'FINISHED'
                  AND event_time = (SELECT max(event_time) FROM parallax.runs WHERE run_id = ? AND phase = 'FINISHED')
                ORDER BY multiIf(outcome IN ('FAILED', 'ABORTED'), 0, outcome = 'SKIPPED', 1, 2), display_name, test_id
                """, rs -> new TestOutcome(rs.getString("test_id"), rs.getString("display_name"),
                rs.getString("outcome"), rs.getLong("duration_ms"), rs.getLong("inferences"),
                Warehouse.number(rs, "p50"), Warehouse.number(rs, "p99")), runId, runId);
    }
}
