package dev.parallax.kstreams;

import static dev.parallax.kstreams.TestEvents.T0;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.codec.EventCodec;
import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.Topics;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The analytics topology in a TopologyTestDriver whose processing clock starts a day after {@link TestEvents#T0}:
 * events in, derived records out as JSON.
 */
final class DrivenTopology implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> inference;
    private final TestInputTopic<byte[], byte[]> device;

    DrivenTopology(AnalyticsSettings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // Each driver its own state directory, so that a test may run two side by side; the driver empties it as
        // it closes, and the directory goes then too.
        try {
            stateDir = Files.createTempDirectory("driven-topology");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(AnalyticsTopology.build(settings), props,
                Instant.ofEpochMilli(T0 + Duration.ofDays(1).toMillis()));
        inference = driver.createInputTopic(Topics.INFERENCE, new ByteArraySerializer(), new ByteArraySerializer());
        device = driver.createInputTopic(Topics.DEVICE, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends the event keyed by its device id, as the SDK and the collector do. */
    void send(InferenceEvent event) {
        send(event, true);
    }

    void send(InferenceEvent event, boolean keyedByDevice) {
        inference.pipeInput(keyedByDevice ? utf8(event.getDeviceId()) : null, EventCodec.inference().encodeAvro(event));
    }

    /** Sends the event keyed by its device id, as the broker would have appended it at {@code arrival}. */
    void send(InferenceEvent event, long arrival) {
        inference.pipeInput(utf8(event.getDeviceId()), EventCodec.inference().encodeAvro(event), arrival);
    }

    /** Sends the sample keyed by its device id, as the SDK and the collector do. */
    void send(DeviceSample sample) {
        send(sample, true);
    }

    void send(DeviceSample sample, boolean keyedByDevice) {
        device.pipeInput(keyedByDevice ? utf8(sample.getDeviceId()) : null, EventCodec.deviceSample().encodeJson(sample));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Lets the wall-clock punctuators (emission, expiry) run; twice, so what one emits the next can aggregate. */
    void tick() {
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
    }

    /** Everything written to a derived topic since the last call, as (key, JSON row). */
    List<KeyValue<String, JsonNode>> read(String topic) {
        TestOutputTopic<String, byte[]> output =
                driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
        return output.readKeyValuesToList().stream().map(kv -> KeyValue.pair(kv.key, json(kv.value))).toList();
    }

    List<DeadLetter> deadLetters() {
        TestOutputTopic<String, byte[]> output =
                driver.createOutputTopic(Topics.DEAD_LETTER, new StringDeserializer(), new ByteArrayDeserializer());
        return output.readValuesToList().stream().map(DeadLetter::fromJson).toList();
    }

    static JsonNode json(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
        try {
            Files.deleteIfExists(stateDir);
        } catch (IOException e) {
            // not empty after all: left for the system's cleaner of temporary files
        }
    }
}
