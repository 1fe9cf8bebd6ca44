/**
 * Exact distribution functions the analytics need, without a numerics library: the regularized incomplete
 * beta function ({@link dev.parallax.analytics.stats.Beta}) and, on it, Student's t
 * ({@link dev.parallax.analytics.stats.StudentT}) for the change-point significance test and the binomial
 * ({@link dev.parallax.analytics.stats.Binomial}) for order-statistic bounds on percentiles; and the tests that say
 * whether two runs differ: Mann-Whitney U for latency distributions, Welch's t for means, two proportions for rates
 * (all two-sided, the last two on the normal tail, {@link dev.parallax.analytics.stats.Normal}).
 */
package dev.parallax.analytics.stats;
