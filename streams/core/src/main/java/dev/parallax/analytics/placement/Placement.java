package dev.parallax.analytics.placement;

/** What the rubric advises for a test (SPEC §7). */
public enum Placement {
    /** Numeric parity or concurrency the edge cannot give: run on cloud GPUs. */
    RUN_ON_CLOUD,
    /** Frequent, within budget and tolerance, unthrottled, yet on the cloud: move it to edge nodes. */
    MOVE_TO_EDGE,
    /** Edge results polluted by throttling: fix cooling, run on the cloud until fixed. */
    FIX_COOLING,
    /** Where it runs is right for what was measured. */
    KEEP
}
