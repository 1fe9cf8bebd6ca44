package dev.parallax.sink;

import dev.parallax.codec.EventCodec;
import dev.parallax.contract.Tables;
import dev.parallax.contract.Topics;
import dev.parallax.contract.derived.DerivedTable;
import java.util.Map;

/**
 * Which table each topic of the data contract (SPEC §11) lands in, and how a record becomes its row. Public so
 * that other writers of the same tables (replay's shadow tables) map records exactly as the sink does.
 */
public final class Routes {

    private Routes() {
    }

    /** The row mapper of every topic of the contract, by topic. */
    public static Map<String, RowMapper> standard() {
        return Map.of(
                // Inference events and device samples keep when the broker received them (a device's clock offset).
                Topics.INFERENCE, new InputEventRows<>(EventCodec.inference(), Tables.INFERENCE_EVENTS, true),
                Topics.DEVICE, new InputEventRows<>(EventCodec.deviceSample(), Tables.DEVICE_SAMPLES, true),
                Topics.RUN, new InputEventRows<>(EventCodec.run(), Tables.RUNS),
                Topics.DEAD_LETTER, new DeadLetterRows(),
                Topics.LATENCY, new DerivedRows(DerivedTable.onTopic(Topics.LATENCY)),
                Topics.THROTTLE, new DerivedRows(DerivedTable.onTopic(Topics.THROTTLE)),
                // One topic carries both divergence facts; "kind" says which (and is not a column).
                Topics.DIVERGENCE, new DerivedRows(DerivedTable.onTopic(Topics.DIVERGENCE)),
                Topics.ALERTS, new AlertRows());
    }
}
