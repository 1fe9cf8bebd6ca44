-- Step 4 of the rebuild of V022: rows the sink wrote to the old table between the copy and the exchange.
INSERT INTO parallax.runs (event_id, event_time, run_id, phase, trigger, git_sha, attributes, ingested_at,
    tests.test_id, tests.display_name, tests.outcome, tests.duration_ms, tests.inferences, tests.latency_p50_ms,
    tests.latency_p99_ms)
SELECT event_id, event_time, run_id, phase, trigger, git_sha, attributes, ingested_at,
    tests.test_id, tests.display_name, tests.outcome, tests.duration_ms, tests.inferences, tests.latency_p50_ms,
    tests.latency_p99_ms
FROM parallax.runs__versioned
WHERE (run_id, event_time, event_id) NOT IN (SELECT run_id, event_time, event_id FROM parallax.runs)
