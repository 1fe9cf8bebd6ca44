/**
 * SPEC §3a, arrival: where an event is placed in event time and which windows it may still change, as pure
 * rules that both stream engines call, so that arrival order, device clocks and redelivery decide nothing.
 */
package dev.parallax.analytics.arrival;
