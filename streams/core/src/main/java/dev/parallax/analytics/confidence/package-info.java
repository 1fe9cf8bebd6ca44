/**
 * Confidence on every tail (issue 16): distribution-free bounds on a percentile from the sample count alone.
 * {@link dev.parallax.analytics.confidence.PercentileConfidence} picks the order statistics that bracket the
 * true percentile with the wanted confidence, or says how many samples are still missing;
 * {@link dev.parallax.analytics.confidence.PercentileBounds} reads their values from sorted samples or from a
 * {@link dev.parallax.analytics.latency.QuantileSketch}.
 */
package dev.parallax.analytics.confidence;
