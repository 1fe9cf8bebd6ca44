package dev.parallax.flink;

import dev.parallax.streams.records.DerivedRecord;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Runs a {@link KeyedStateFunction} with its states kept as live objects between checkpoints on a backend that
 * stores bytes (RocksDB), as Kafka Streams' {@code LiveStateStore} does: a state is decoded at its key's first input
 * after a checkpoint and written back once, just before the next checkpoint barrier, so the checkpoint holds every
 * change and a device's detector (minutes of samples and sketches) is not decoded and encoded per sample. Memory
 * holds the states of the keys active within one checkpoint interval. On the heap backend the function reads and
 * writes its state directly.
 */
final class LiveStateOperator<P> extends KeyedProcessOperator<String, P, DerivedRecord> {

    /** Makes the keyed state backend's current key another one, to write that key's state. */
    interface KeySwitch {
        void setCurrentKey(Object key);
    }

    private final KeyedStateFunction<P, ?, ?, ?, ?, ?> function;

    LiveStateOperator(KeyedStateFunction<P, ?, ?, ?, ?, ?> function) {
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
