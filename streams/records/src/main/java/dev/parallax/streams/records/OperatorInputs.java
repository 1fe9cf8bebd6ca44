package dev.parallax.streams.records;

import dev.parallax.analytics.InferenceStatus;
import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.latency.LatencyKey;
import dev.parallax.analytics.latency.LatencyObservation;
import dev.parallax.schema.InferenceEvent;

/**
 * The contract's events (SPEC §2) as the engine-free operators' inputs. Both stream engines map events here,
 * so a field is interpreted one way only.
 */
public final class OperatorInputs {

    private OperatorInputs() {
    }

    /** The latency key and observation of an inference (SPEC §3); an error has no latency. */
    public static LatencyObservation latency(InferenceEvent event) {
        LatencyKey key = new LatencyKey(event.getTestId(), event.getModelName(), event.getModelVersion(),
                Precision.valueOf(event.getPrecision().name()), Tier.valueOf(event.getTier().name()),
                event.getDeviceClass());
        InferenceStatus status = InferenceStatus.valueOf(event.getStatus().name());
        Double latency = event.getLatencyMs();
        return new LatencyObservation(event.getEventTime(), key, status, latency == null ? Double.NaN : latency);
    }
}
