package dev.parallax.ui.runs;

import dev.parallax.ui.warehouse.Warehouse;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The tests a run's runner listed, from the run's latest FINISHED: forks that run one after another each publish one,
 * and the latest lists every fork's tests so far (docs/sdk.md). Failed and aborted first, then skipped, then passed.
 */
@Service
public class RunTests {

    private final Warehouse warehouse;

    public RunTests(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public List<TestOutcome> of(String runId) {
        // LIMIT 1 BY: a FINISHED delivered twice is two rows until the table merges them.
        return warehouse.query("""
                SELECT t.test_id AS test_id, t.display_name AS display_name, t.outcome AS outcome,
                       t.duration_ms AS duration_ms, t.inferences AS inferences,
                       t.latency_p50_ms AS p50, t.latency_p99_ms AS p99
                FROM parallax.runs ARRAY JOIN tests AS t
                WHERE run_id = ? AND phase = 'FINISHED'
                  AND event_time = (SELECT max(event_time) FROM parallax.runs WHERE run_id = ? AND phase = 'FINISHED')
                ORDER BY multiIf(outcome IN ('FAILED', 'ABORTED'), 0, outcome = 'SKIPPED', 1, 2), display_name, test_id
                LIMIT 1 BY test_id
                """, rs -> new TestOutcome(rs.getString("test_id"), rs.getString("display_name"),
                rs.getString("outcome"), rs.getLong("duration_ms"), rs.getLong("inferences"),
                Warehouse.number(rs, "p50"), Warehouse.number(rs, "p99")), runId, runId);
    }
}
