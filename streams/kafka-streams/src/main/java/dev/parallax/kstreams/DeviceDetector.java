package dev.parallax.kstreams;

import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.analytics.throttle.EpisodeDetector;
import dev.parallax.analytics.throttle.ThermalSample;
import dev.parallax.analytics.throttle.ThrottleEpisode;
import dev.parallax.analytics.throttle.ThrottleSettings;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A device's {@link EpisodeDetector} as the throttle processor keeps it: the detector itself, stored without
 * the samples waiting out the grace, and those samples stored once each, in one chunk per commit, as they
 * arrive. A commit thus writes the detector's compact state and the new samples, never the whole grace buffer
 * again (at 100 inferences/s that is 3,000 samples per device per commit). A chunk is deleted once every
 * sample in it is older than the detector's watermark: processed, or late.
 *
 * <p>Layout in the store: the detector under the device's key (its UTF-8 id); chunks under {@code 0xFF},
 * the id's length (4 bytes), the id and the chunk's sequence number (8 bytes, big-endian). UTF-8 never holds
 * the byte {@code 0xFF}, so chunk keys cannot meet detector keys, and a device's chunks are one key range.
 */
final class DeviceDetector {

    private static final int CHUNK_TAG = 0x43;
    private static final int CHUNK_VERSION = 1;

    private final EpisodeDetector detector;
    /** Samples received since the last write. */
    private final List<ThermalSample> unsaved = new ArrayList<>();
    /** Chunk sequence number → the newest event time in it. */
    private final TreeMap<Long, Long> chunks = new TreeMap<>();

    private DeviceDetector(EpisodeDetector detector) {
        this.detector = detector;
    }

    static DeviceDetector fresh(ThrottleSettings settings) {
        return new DeviceDetector(new EpisodeDetector(settings));
    }

    /** Hands the sample to the detector and keeps it for the next write; returns the episode rows it causes. */
    List<ThrottleEpisode> onSample(ThermalSample sample) {
        List<ThrottleEpisode> emitted = detector.onSample(sample);
        unsaved.add(sample);
        return emitted;
    }

    EpisodeDetector detector() {
        return detector;
    }

    /** This form in a store. */
    static StoredForm<DeviceDetector> storedForm(ThrottleSettings settings) {
        return new StoredForm<>() {
            @Override
            public DeviceDetector read(Bytes key, KeyValueStore<Bytes, byte[]> store) {
                byte[] stored = store.get(key);
                if (stored == null) return null;
                DeviceDetector state = new DeviceDetector(EpisodeDetector.fromBytes(stored, settings));
                // A detector stored whole (before chunks) still holds its waiting samples: save them as a chunk.
                state.unsaved.addAll(state.detector.pending());
                List<ThermalSample> received = new ArrayList<>();
                try (KeyValueIterator<Bytes, byte[]> range = chunks(key, store)) {
                    range.forEachRemaining(chunk -> {
                        List<ThermalSample> samples = readChunk(chunk.value);
                        received.addAll(samples);
                        state.chunks.put(sequenceOf(chunk.key), newest(samples));
                    });
                }
                state.detector.restoreWaiting(received);
                return state;
            }

            @Override
            public void write(Bytes key, DeviceDetector state, KeyValueStore<Bytes, byte[]> store) {
                store.put(key, state.detector.toBytesWithoutWaiting());
                if (!state.unsaved.isEmpty()) {
                    long sequence = state.chunks.isEmpty() ? 0 : state.chunks.lastKey() + 1;
                    store.put(chunkKey(key, sequence), writeChunk(state.unsaved));
                    state.chunks.put(sequence, newest(state.unsaved));
                    state.unsaved.clear();
                }
                long watermark = state.detector.watermark();
                for (Iterator<Map.Entry<Long, Long>> it = state.chunks.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<Long, Long> chunk = it.next();
                    if (chunk.getValue() < watermark) {
                        store.delete(chunkKey(key, chunk.getKey()));
                        it.remove();
                    }
                }
            }

            @Override
            public void delete(Bytes key, KeyValueStore<Bytes, byte[]> store) {
                List<Bytes> keys = new ArrayList<>();
                try (KeyValueIterator<Bytes, byte[]> range = chunks(key, store)) {
                    range.forEachRemaining(chunk -> keys.add(chunk.key));
                }
                keys.forEach(store::delete);
                store.delete(key);
            }
        };
    }

    /** The device's chunks, oldest first. */
    private static KeyValueIterator<Bytes, byte[]> chunks(Bytes deviceKey, KeyValueStore<Bytes, byte[]> store) {
        return store.range(chunkKey(deviceKey, 0), chunkKey(deviceKey, Long.MAX_VALUE));
    }

    private static Bytes chunkKey(Bytes deviceKey, long sequence) {
        byte[] id = deviceKey.get();
        return Bytes.wrap(ByteBuffer.allocate(1 + Integer.BYTES + id.length + Long.BYTES)
                .put((byte) 0xFF).putInt(id.length).put(id).putLong(sequence).array());
    }

    private static long sequenceOf(Bytes chunkKey) {
        byte[] key = chunkKey.get();
        return ByteBuffer.wrap(key, key.length - Long.BYTES, Long.BYTES).getLong();
    }

    private static long newest(List<ThermalSample> samples) {
        return samples.stream().mapToLong(ThermalSample::eventTime).max().orElse(Long.MIN_VALUE);
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
