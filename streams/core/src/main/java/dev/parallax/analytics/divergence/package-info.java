/**
 * Quantized-vs-reference divergence (SPEC §5): one {@link dev.parallax.analytics.divergence.ReferencePairing} per
 * (model, input id) pairs {@link dev.parallax.analytics.divergence.OutputSample}s into
 * {@link dev.parallax.analytics.divergence.DivergencePair}s scored by the
 * {@link dev.parallax.analytics.divergence.OutputComparator}; {@link dev.parallax.analytics.divergence.DivergenceWindow}
 * aggregates them per {@link dev.parallax.analytics.divergence.DivergenceKey} and window, and
 * {@link dev.parallax.analytics.divergence.DriftTolerance} judges the result.
 */
package dev.parallax.analytics.divergence;
