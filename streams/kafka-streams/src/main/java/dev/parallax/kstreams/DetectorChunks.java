package dev.parallax.kstreams;

import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.analytics.throttle.EpisodeDetector;
import dev.parallax.analytics.throttle.ThermalSample;
import dev.parallax.analytics.throttle.ThrottleSettings;
import dev.parallax.streams.records.DeviceDetector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * How the throttle analytic's {@link DeviceDetector}s lie in their store: the detector without its waiting
 * samples under the device's key (its UTF-8 id), and the samples in chunks, one per commit, each written
 * once. A commit thus writes the detector's compact state and the new samples, never the whole grace buffer
 * again. A chunk is deleted once every sample in it is older than the detector's watermark: processed, or late.
 *
 * <p>A chunk's key is {@code 0xFE}, the id's length (4 bytes), the id, the chunk's newest event time (8 bytes,
 * big-endian, sign bit flipped, so byte order is time order) and the event id of its first sample (unique:
 * each sample is in one chunk). So the chunks a watermark has passed are one key range, found without reading
 * any chunk. UTF-8 never holds the bytes {@code 0xFE} and {@code 0xFF}, so chunk keys cannot meet detector keys.
 * Chunks of the earlier layout ({@code 0xFF}, id, sequence number) are read and moved to this one.
 */
final class DetectorChunks implements StoredForm<DeviceDetector> {

    private static final byte CHUNK = (byte) 0xFE;
    private static final byte EARLIER_CHUNK = (byte) 0xFF;
    private static final int CHUNK_TAG = 0x43;
    private static final int CHUNK_VERSION = 1;

    private final ThrottleSettings settings;

    DetectorChunks(ThrottleSettings settings) {
        this.settings = settings;
    }

    @Override
    public DeviceDetector read(Bytes key, KeyValueStore<Bytes, byte[]> store) {
        byte[] stored = store.get(key);
        if (stored == null) return null;
        EpisodeDetector detector = EpisodeDetector.fromBytes(stored, settings);
        DeviceDetector state = new DeviceDetector(detector);
        // A detector stored whole (before chunks) still holds its waiting samples: save them as a chunk.
        state.keepUnsaved(detector.pending());
        List<ThermalSample> received = new ArrayList<>(chunks(store, prefix(CHUNK, key), false));
        List<ThermalSample> earlier = chunks(store, prefix(EARLIER_CHUNK, key), true);
        state.keepUnsaved(earlier);
        received.addAll(earlier);
        detector.restoreWaiting(received);
        return state;
    }

    @Override
    public void write(Bytes key, DeviceDetector state, KeyValueStore<Bytes, byte[]> store) {
        EpisodeDetector detector = state.detector();
        store.put(key, detector.toBytesWithoutWaiting());
        List<ThermalSample> unsaved = state.takeUnsaved();
        if (!unsaved.isEmpty()) {
            long newest = unsaved.stream().mapToLong(ThermalSample::eventTime).max().orElseThrow();
            store.put(chunkKey(key, newest, unsaved.getFirst().eventId()), writeChunk(unsaved));
        }
        deleteRange(store, prefix(CHUNK, key), bound(prefix(CHUNK, key), detector.watermark()));
    }

    @Override
    public void delete(Bytes key, KeyValueStore<Bytes, byte[]> store) {
        deleteRange(store, prefix(CHUNK, key), upperBound(prefix(CHUNK, key)));
        deleteRange(store, prefix(EARLIER_CHUNK, key), upperBound(prefix(EARLIER_CHUNK, key)));
        store.delete(key);
    }

    /** The samples of a device's chunks under {@code prefix}, oldest chunk first; deletes them if asked. */
    private static List<ThermalSample> chunks(KeyValueStore<Bytes, byte[]> store, byte[] prefix, boolean delete) {
        List<ThermalSample> samples = new ArrayList<>();
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> range = store.range(Bytes.wrap(prefix), upperBound(prefix))) {
            range.forEachRemaining(chunk -> {
                samples.addAll(readChunk(chunk.value));
                keys.add(chunk.key);
            });
        }
        if (delete) keys.forEach(store::delete);
        return samples;
    }

    /** Deletes the keys from {@code prefix} to {@code to}, both included. */
    private static void deleteRange(KeyValueStore<Bytes, byte[]> store, byte[] prefix, Bytes to) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> range = store.range(Bytes.wrap(prefix), to)) {
            range.forEachRemaining(chunk -> keys.add(chunk.key));
        }
        keys.forEach(store::delete);
    }

    private static byte[] prefix(byte kind, Bytes deviceKey) {
        byte[] id = deviceKey.get();
        return ByteBuffer.allocate(1 + Integer.BYTES + id.length).put(kind).putInt(id.length).put(id).array();
    }

    /** Above every chunk key of {@code prefix}, below any key of a longer prefix's device. */
    private static Bytes upperBound(byte[] prefix) {
        byte[] bound = Arrays.copyOf(prefix, prefix.length + Long.BYTES + 1);
        Arrays.fill(bound, prefix.length, bound.length, (byte) 0xFF);
        return Bytes.wrap(bound);
    }

    /** Above the chunks whose newest sample is older than {@code time}, below those of {@code time} and later. */
    private static Bytes bound(byte[] prefix, long time) {
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + Long.BYTES).put(prefix).putLong(time ^ Long.MIN_VALUE).array());
    }

    private static Bytes chunkKey(Bytes deviceKey, long newest, String firstEventId) {
        byte[] prefix = prefix(CHUNK, deviceKey);
        byte[] first = firstEventId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + Long.BYTES + first.length)
                .put(prefix).putLong(newest ^ Long.MIN_VALUE).put(first).array());
    }

    private static byte[] writeChunk(List<ThermalSample> samples) {
        StateWriter out = new StateWriter(CHUNK_TAG, CHUNK_VERSION).writeVarLong(samples.size());
        samples.forEach(sample -> sample.writeTo(out));
        return out.toByteArray();
    }

    private static List<ThermalSample> readChunk(byte[] bytes) {
        StateReader in = new StateReader(bytes, CHUNK_TAG, CHUNK_VERSION, "thermal sample chunk");
        List<ThermalSample> samples = new ArrayList<>();
        for (int i = in.readLength(); i > 0; i--) samples.add(ThermalSample.readFrom(in));
        in.expectEnd();
        return samples;
    }
}
