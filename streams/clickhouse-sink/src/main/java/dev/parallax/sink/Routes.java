package dev.parallax.sink;

import dev.parallax.codec.EventCodec;
import dev.parallax.contract.Tables;
import dev.parallax.contract.Topics;
import java.util.Map;

/** Which table each topic of the data contract (SPEC §11) lands in. */
final class Routes {

    private Routes() {
    }

    static Map<String, RowMapper> standard() {
        return Map.of(
                Topics.INFERENCE, new InputEventRows<>(EventCodec.inference(), Tables.INFERENCE_EVENTS),
                Topics.DEVICE, new InputEventRows<>(EventCodec.deviceSample(), Tables.DEVICE_SAMPLES),
                Topics.RUN, new InputEventRows<>(EventCodec.run(), Tables.RUNS),
                Topics.DEAD_LETTER, new DeadLetterRows(),
                Topics.LATENCY, new DerivedRows(values -> Tables.LATENCY_WINDOWS),
                Topics.THROTTLE, new DerivedRows(values -> Tables.THROTTLE_EPISODES),
                // One topic carries both divergence facts; "kind" says which (and is not a column).
                Topics.DIVERGENCE, new DerivedRows(values ->
                        "window".equals(values.remove("kind")) ? Tables.DIVERGENCE_WINDOWS : Tables.DIVERGENCE_PAIRS),
                Topics.ALERTS, new DerivedRows(values -> Tables.ALERTS));
    }
}
