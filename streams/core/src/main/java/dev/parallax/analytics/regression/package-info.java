/**
 * Regressions between runs (issue 16): which way each per-run metric gets worse
 * ({@link dev.parallax.analytics.regression.RunMetric}), the change points of a metric's series of runs judged
 * by that direction ({@link dev.parallax.analytics.regression.MetricChange}), and how often noise alone would
 * raise one under the same settings ({@link dev.parallax.analytics.regression.FalseAlarmRate}).
 */
package dev.parallax.analytics.regression;
