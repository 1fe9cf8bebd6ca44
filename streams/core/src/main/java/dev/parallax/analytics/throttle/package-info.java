/**
 * Thermal-throttle episodes (SPEC §4): one {@link dev.parallax.analytics.throttle.EpisodeDetector} per device turns
 * {@link dev.parallax.analytics.throttle.ThermalSample}s into {@link dev.parallax.analytics.throttle.ThrottleEpisode}
 * rows, in event time.
 */
package dev.parallax.analytics.throttle;
