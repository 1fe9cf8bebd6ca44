package dev.parallax.flink;

import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Runs a keyed function whose states are kept as live objects between checkpoints and as bytes in the backend
 * ({@link LiveValueState}): the function is told how to switch the backend's key before it opens, and
 * writes its live states back just before each checkpoint barrier, so the checkpoint holds every change. Memory
 * holds the states of the keys active within one checkpoint interval.
 */
final class LiveStateOperator<I, O> extends KeyedProcessOperator<String, I, O> {

    /** Makes the keyed state backend's current key another one, to write that key's state. */
    interface KeySwitch {
        void setCurrentKey(Object key);
    }

    /** A function with live states. */
    interface Live {
        /** Called before the function opens: keep states live, switching keys with {@code keys} to write them. */
        void keepLive(KeySwitch keys);

        /** Writes the live states back; called before each checkpoint barrier. */
        void flushLive() throws Exception;
    }

    private final Live function;

    <F extends KeyedProcessFunction<String, I, O> & Live> LiveStateOperator(F function) {
        super(function);
        this.function = function;
    }

    @Override
    public void open() throws Exception {
        function.keepLive(this::setCurrentKey);
        super.open();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        function.flushLive();
        super.prepareSnapshotPreBarrier(checkpointId);
    }
}
