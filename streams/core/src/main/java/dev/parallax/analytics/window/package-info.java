/** Event-time window assignment and the grace rule shared by the windowed operators. */
package dev.parallax.analytics.window;
