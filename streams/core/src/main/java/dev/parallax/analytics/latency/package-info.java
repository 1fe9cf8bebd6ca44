/**
 * Tail latency (SPEC §3): {@link dev.parallax.analytics.latency.LatencyWindow} aggregates
 * {@link dev.parallax.analytics.latency.LatencyObservation}s per {@link dev.parallax.analytics.latency.LatencyKey}
 * and window into counts, an exact mean and quantiles from a {@link dev.parallax.analytics.latency.QuantileSketch}
 * within 0.5 % relative error; {@link dev.parallax.analytics.latency.QuantileReliability} says when a quantile
 * has enough samples to alert.
 */
package dev.parallax.analytics.latency;
