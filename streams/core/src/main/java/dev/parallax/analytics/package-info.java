/**
 * Parallax analytics operators, free of any stream-engine type so that the Kafka Streams job and the Flink
 * job run the very same code and produce identical rows.
 *
 * <p>Every operator is deterministic: the same input in the same order yields the same outputs and the same
 * state bytes. Every stateful operator encodes its state to a small versioned binary format (see
 * {@link dev.parallax.analytics.codec.StateCodec}) usable both as a Kafka Streams store value and as Flink state.
 * Events enter as small records of this package tree ({@code LatencyObservation}, {@code ThermalSample},
 * {@code OutputSample}); mapping the wire format onto them is the job's business.
 */
package dev.parallax.analytics;
