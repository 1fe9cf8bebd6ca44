/**
 * Exact distribution functions the analytics need, without a numerics library: the regularized incomplete
 * beta function ({@link dev.parallax.analytics.stats.Beta}) and, on it, Student's t
 * ({@link dev.parallax.analytics.stats.StudentT}) for the change-point significance test and the binomial
 * ({@link dev.parallax.analytics.stats.Binomial}) for order-statistic bounds on percentiles.
 */
package dev.parallax.analytics.stats;
