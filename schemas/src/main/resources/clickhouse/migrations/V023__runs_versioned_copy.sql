-- Step 2 of the rebuild of V022: the rows so far. Run twice, it copies them twice, and the table's key merges them.
INSERT INTO parallax.runs__versioned (event_id, event_time, run_id, phase, trigger, git_sha, attributes, ingested_at,
    tests.test_id, tests.display_name, tests.outcome, tests.duration_ms, tests.inferences, tests.latency_p50_ms,
    tests.latency_p99_ms)
SELECT event_id, event_time, run_id, phase, trigger, git_sha, attributes, ingested_at,
    tests.test_id, tests.display_name, tests.outcome, tests.duration_ms, tests.inferences, tests.latency_p50_ms,
    tests.latency_p99_ms
FROM parallax.runs
