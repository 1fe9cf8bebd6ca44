package dev.parallax.analytics.latency;

import dev.parallax.analytics.InferenceStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * One inference as the latency operator sees it.
 *
 * @param latencyMs the inference latency; required (finite, {@code >= 0}) when the status is OK, ignored
 *                  otherwise (pass {@code NaN} when the event carries none)
 */
public record LatencyObservation(long eventTime, LatencyKey key, InferenceStatus status, double latencyMs) {

    public LatencyObservation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        problem(status, latencyMs).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }

    /**
     * Why an event with these fields cannot be observed, if it cannot: lets a job dead-letter the event with
     * the reason instead of constructing an observation that would throw.
     */
    public static Optional<String> problem(InferenceStatus status, double latencyMs) {
        if (status == InferenceStatus.OK && !(latencyMs >= 0 && latencyMs < Double.POSITIVE_INFINITY)) {
            return Optional.of("latency_ms must be finite and >= 0 when status is OK, got " + latencyMs);
        }
        return Optional.empty();
    }

    public boolean isError() {
        return status != InferenceStatus.OK;
    }
}
