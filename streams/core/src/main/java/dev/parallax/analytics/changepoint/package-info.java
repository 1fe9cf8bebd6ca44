/**
 * Change points in a series of runs (issue 16), by Hunter's method (Fleming et al., ICPE 2023,
 * arXiv 2301.03034) as Apache Otava implements it, so that the same series and settings give the same
 * indexes (checked on Otava's TigerBeetle series under eight settings):
 * <ol>
 *   <li><b>Split</b> ({@link dev.parallax.analytics.changepoint.WeakChangePoints}): windows of
 *       {@code windowLength} runs slide over the series; in each, E-divisive means
 *       ({@link dev.parallax.analytics.changepoint.QHat}) proposes the split of largest q-hat and a Student
 *       t-test ({@link dev.parallax.analytics.changepoint.MeanShift}) at a looser p-value keeps it or ends the
 *       window. The union over windows is the set of weak change points.</li>
 *   <li><b>Merge</b> ({@link dev.parallax.analytics.changepoint.Merge}): weak change points are re-tested
 *       against their neighbours and removed weakest first until all left are significant and large enough.</li>
 * </ol>
 * {@link dev.parallax.analytics.changepoint.ChangePointSeries} is the entry point; it is incremental (see
 * {@link dev.parallax.analytics.changepoint.WeakChangePoints} for the invariant that makes it exact).
 */
package dev.parallax.analytics.changepoint;
