package dev.parallax.kstreams;

import dev.parallax.analytics.codec.StateCodec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Operator state kept decoded in memory, written to its changelogged persistent store once per commit.
 *
 * <p>An operator updates its state on every event; encoding that state each time costs work in proportion to
 * its size (a throttle detector holds minutes of latencies), and each write is a RocksDB put and a changelog
 * record. Here {@link #get} hands out the live object, {@link #put} only marks it dirty, and the dirty objects
 * are encoded once each when the task commits.
 *
 * <p><b>Exactly once.</b> Before a task commits its transaction, Kafka Streams flushes the caches of its stores
 * ({@link CachedStateStore#flushCache}); {@link StateStore#flush} comes only after the commit, when it writes
 * a checkpoint. So this store writes its dirty objects in {@link #flushCache}: their changelog records go into
 * the transaction that commits the input offsets they reflect. {@code CachedStateStore} is an internal Kafka
 * Streams interface; it is the hook its own record cache uses for the same reason.
 *
 * <p>A revived or recycled task re-initialises the same instance, and memory may hold updates of an aborted
 * transaction: {@link #init} and {@link #clearCache} forget everything held in memory, and the persistent
 * store, restored from the changelog, is the truth again. Beyond {@code capacity} objects, the least recently
 * used clean ones are dropped from memory after each commit (they are decoded again on their next use).
 *
 * @param <V> the operator state type
 */
final class LiveStateStore<V> implements StateStore, CachedStateStore<Bytes, byte[]> {

    private final KeyValueStore<Bytes, byte[]> inner;
    private final StoredForm<V> form;
    private final int capacity;
    /** Access order, so trimming drops the least recently used objects first. */
    private final LinkedHashMap<Bytes, V> live = new LinkedHashMap<>(16, 0.75f, true);
    /** Keys put or deleted since the last commit; a dirty key absent from {@link #live} is deleted. */
    private final Set<Bytes> dirty = new HashSet<>();

    private LiveStateStore(KeyValueStore<Bytes, byte[]> inner, StoredForm<V> form, int capacity) {
        this.inner = inner;
        this.form = form;
        this.capacity = capacity;
    }

    /** A builder of a changelogged RocksDB-backed store of {@code codec}'s states, holding up to 10,000 in memory. */
    static <V> Builder<V> builder(String name, StateCodec<V> codec) {
        return new Builder<>(name, StoredForm.oneRecord(codec));
    }

    /** As {@link #builder(String, StateCodec)}, for states stored in a form of their own. */
    static <V> Builder<V> builder(String name, StoredForm<V> form) {
        return new Builder<>(name, form);
    }

    /** The state under {@code key}, live (changes to it are kept once it is {@link #put}); null if none. */
    V get(Bytes key) {
        V value = live.get(key);
        if (value != null || dirty.contains(key)) return value;
        value = form.read(key, inner);
        if (value != null) live.put(key, value);
        return value;
    }

    /** Makes {@code value} the state under {@code key}; it is encoded at the next commit. */
    void put(Bytes key, V value) {
        live.put(key, Objects.requireNonNull(value, "value"));
        dirty.add(key);
    }

    void delete(Bytes key) {
        live.remove(key);
        dirty.add(key);
    }

    /**
     * The keys in [from, to] (inclusive, byte order) of the persistent store, read after writing the dirty
     * states: the states' keys when each is {@linkplain StoredForm#oneRecord one record}.
     */
    List<Bytes> keys(Bytes from, Bytes to) {
        writeDirty();
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> range = inner.range(from, to)) {
            range.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    private void writeDirty() {
        for (Bytes key : dirty) {
            V value = live.get(key);
            if (value == null) form.delete(key, inner); else form.write(key, value, inner);
        }
        dirty.clear();
    }

    @Override
    public void flushCache() {
        writeDirty();
        Iterator<Map.Entry<Bytes, V>> eldest = live.entrySet().iterator();
        for (int excess = live.size() - capacity; excess > 0; excess--) {
            eldest.next();
            eldest.remove();
        }
    }

    @Override
    public void clearCache() {
        live.clear();
        dirty.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Bytes, byte[]> listener, boolean sendOldValues) {
        return false; // only the DSL's own stores forward on flush
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        clearCache();
        inner.init(context, root);
    }

    @Override
    public void flush() {
        flushCache();
        inner.flush();
    }

    @Override
    public void close() {
        clearCache();
        inner.close();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    /** Builds one store per task; logging is on by default, and there is no record cache to enable. */
    static final class Builder<V> implements StoreBuilder<LiveStateStore<V>> {

        private final StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;
        private final StoredForm<V> form;
        private int capacity = 10_000;

        private Builder(String name, StoredForm<V> form) {
            this.inner = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                    .withCachingDisabled();
            this.form = Objects.requireNonNull(form, "form");
        }

        /** Most states kept in memory between commits once written (default 10,000). */
        Builder<V> capacity(int capacity) {
            if (capacity < 1) throw new IllegalArgumentException("capacity must be positive: " + capacity);
            this.capacity = capacity;
            return this;
        }

        /** @throws UnsupportedOperationException always: this store is the cache, a record cache would copy it */
        @Override
        public Builder<V> withCachingEnabled() {
            throw new UnsupportedOperationException("a live state store keeps its states in memory itself");
        }

        @Override
        public Builder<V> withCachingDisabled() {
            return this;
        }

        @Override
        public Builder<V> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public Builder<V> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public LiveStateStore<V> build() {
            return new LiveStateStore<>(inner.build(), form, capacity);
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
