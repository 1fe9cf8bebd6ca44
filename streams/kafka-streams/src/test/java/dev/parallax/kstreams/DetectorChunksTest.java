package dev.parallax.kstreams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.analytics.throttle.EpisodeDetector;
import dev.parallax.analytics.throttle.ThermalSample;
import dev.parallax.analytics.throttle.ThrottleEpisode;
import dev.parallax.analytics.throttle.ThrottleSettings;
import dev.parallax.streams.records.DeviceDetector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A device's detector written per commit as compact state plus chunks of samples, and read back, in a real store. */
class DetectorChunksTest {

    private static final ThrottleSettings SETTINGS = ThrottleSettings.defaults();
    private static final StoredForm<DeviceDetector> FORM = new DetectorChunks(SETTINGS);
    private static final Bytes DEVICE = Bytes.wrap("pi5-07".getBytes(StandardCharsets.UTF_8));
    /** Another device whose id starts with the first one's: its chunks must stay apart. */
    private static final Bytes NEIGHBOUR = Bytes.wrap("pi5-07b".getBytes(StandardCharsets.UTF_8));

    private final KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("detectors"), Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build();

    DetectorChunksTest() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** 85 °C from 20 s to 80 s, 70 °C otherwise, one sample every 250 ms, shuffled within 5 s. */
    private static List<ThermalSample> samples(String deviceId) {
        List<ThermalSample> samples = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            long time = 1_000_000 + i * 250L;
            samples.add(ThermalSample.telemetry(deviceId + "-" + i, deviceId, "pi5", time, i >= 80 && i < 320 ? 85.0 : 70.0, 0));
        }
        Random random = new Random(3);
        for (int from = 0; from < samples.size(); from += 20) {
            Collections.shuffle(samples.subList(from, from + 20), random);
        }
        return samples;
    }

    @Test
    void readingBackAfterEachCommitContinuesLikeTheUninterruptedDetector() {
        List<ThermalSample> samples = samples("pi5-07");
        EpisodeDetector uninterrupted = new EpisodeDetector(SETTINGS);
        List<ThrottleEpisode> expected = new ArrayList<>();
        samples.forEach(sample -> expected.addAll(uninterrupted.onSample(sample)));
        DeviceDetector neighbour = DeviceDetector.fresh(SETTINGS);
        samples("pi5-07b").forEach(neighbour::onSample);
        FORM.write(NEIGHBOUR, neighbour, store);

        List<ThrottleEpisode> actual = new ArrayList<>();
        DeviceDetector live = DeviceDetector.fresh(SETTINGS);
        int largestStoreSize = 0;
        for (int from = 0; from < samples.size(); from += 37) {
            for (ThermalSample sample : samples.subList(from, Math.min(samples.size(), from + 37))) {
                actual.addAll(live.onSample(sample));
            }
            FORM.write(DEVICE, live, store); // a commit
            live = FORM.read(DEVICE, store); // a restart, or an eviction from memory
            largestStoreSize = Math.max(largestStoreSize, (int) store.approximateNumEntries());
        }

        assertEquals(expected, actual);
        assertEquals(1, expected.stream().filter(episode -> !episode.open()).count());
        assertArrayEquals(uninterrupted.toBytes(), live.detector().toBytes());
        // 30 s of grace at 4 samples/s in chunks of 37: about 4 chunks live per device, never the whole history.
        assertTrue(largestStoreSize <= 2 + 2 * 6, "entries in the store: " + largestStoreSize);
        assertEquals(neighbour.detector().pending(), FORM.read(NEIGHBOUR, store).detector().pending());
    }

    @Test
    void aDetectorStoredWholeKeepsItsWaitingSamples() {
        EpisodeDetector whole = new EpisodeDetector(SETTINGS);
        samples("pi5-07").subList(0, 200).forEach(whole::onSample);
        assertTrue(whole.pending().size() > 100);
        store.put(DEVICE, whole.toBytes());

        DeviceDetector read = FORM.read(DEVICE, store);
        assertEquals(whole.pending(), read.detector().pending());
        FORM.write(DEVICE, read, store);
        assertArrayEquals(whole.toBytes(), FORM.read(DEVICE, store).detector().toBytes());
    }

    @Test
    void chunksOfTheEarlierLayoutAreReadAndMoved() {
        List<ThermalSample> samples = samples("pi5-07").subList(0, 200);
        EpisodeDetector whole = new EpisodeDetector(SETTINGS);
        samples.forEach(whole::onSample);
        store.put(DEVICE, whole.toBytesWithoutWaiting());
        StateWriter chunk = new StateWriter(0x43, 1).writeVarLong(samples.size());
        samples.forEach(sample -> sample.writeTo(chunk));
        byte[] id = DEVICE.get();
        Bytes earlierKey = Bytes.wrap(ByteBuffer.allocate(1 + 4 + id.length + 8).put((byte) 0xFF).putInt(id.length)
                .put(id).putLong(0).array());
        store.put(earlierKey, chunk.toByteArray());

        DeviceDetector read = FORM.read(DEVICE, store);
        assertEquals(whole.pending(), read.detector().pending());
        assertNull(store.get(earlierKey));
        FORM.write(DEVICE, read, store);
        assertEquals(whole.pending(), FORM.read(DEVICE, store).detector().pending());
    }

    @Test
    void deletingRemovesTheChunksToo() {
        DeviceDetector detector = DeviceDetector.fresh(SETTINGS);
        samples("pi5-07").subList(0, 50).forEach(detector::onSample);
        FORM.write(DEVICE, detector, store);
        assertTrue(store.approximateNumEntries() > 1);
        FORM.delete(DEVICE, store);
        assertNull(FORM.read(DEVICE, store));
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            assertTrue(!all.hasNext());
        }
    }
}
