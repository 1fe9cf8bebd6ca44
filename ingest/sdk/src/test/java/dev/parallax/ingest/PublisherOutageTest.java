package dev.parallax.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.codec.DecodeResult;
import dev.parallax.codec.EventCodec;
import dev.parallax.contract.Topics;
import dev.parallax.ingest.testing.TestEvents;
import dev.parallax.ingest.testing.TopicReader;
import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import dev.parallax.process.Readiness;
import dev.parallax.schema.InferenceEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher against a real broker that goes away in the middle of a run and comes back. */
class PublisherOutageTest {

    private static final int EVENTS = 3_000;

    @TempDir
    Path tmp;

    @Test
    void brokerStoppedMidStreamAndRestartedLosesNothing() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(tmp.resolve("kafka"))
                .topics(ParallaxTopics.all(3)).build().start();
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(broker.bootstrapServers())
                .spoolDir(tmp.resolve("spool"))
                .deliveryTimeout(Duration.ofSeconds(4))
                .build()) {
            for (int i = 0; i < EVENTS; i++) {
                if (i == 1_000) {
                    assertTrue(publisher.flush(Duration.ofSeconds(10)));
                    broker.stop();
                }
                if (i == 2_000) {
                    // Past the delivery timeout the producer gives the outage's events up, and they go to the spool.
                    Readiness.await("publisher offline", Duration.ofSeconds(20), () -> !publisher.isOnline());
                }
                if (i == 2_500) {
                    broker.start();
                }
                long started = System.nanoTime();
                publisher.publish(TestEvents.inference("outage", i, "pi5-0" + i % 4));
                long blockedMs = (System.nanoTime() - started) / 1_000_000;
                assertTrue(blockedMs < 2_000, "publish blocked " + blockedMs + " ms");
            }
            assertTrue(publisher.flush(Duration.ofSeconds(30)), "spool drained: " + publisher.counters());

            PublisherCounters counters = publisher.counters();
            // Events 2000-2499 were published while the publisher knew Kafka was away; earlier outage events may have
            // waited in the producer's buffer and been sent once the broker was back.
            assertTrue(counters.spooled() >= 500, "events published while offline were spooled: " + counters);
            assertEquals(counters.spooled(), counters.replayed(), counters.toString());
            assertEquals(EVENTS, counters.sent() + counters.replayed(), counters.toString());
            assertEquals(0, counters.dropped());
            assertTrue(publisher.isOnline());
        }

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(broker.bootstrapServers(), Topics.INFERENCE,
                Duration.ofSeconds(30), read -> distinctIds(read).size() >= EVENTS);
        broker.stop();
        Set<String> expected = IntStream.range(0, EVENTS).mapToObj(i -> TestEvents.eventId("outage", i)).collect(Collectors.toSet());
        assertEquals(expected, distinctIds(records));
        assertEquals(EVENTS, records.size(), "no duplicates either when the outage is clean");
        records.forEach(r -> assertTrue(r.key().startsWith("pi5-0"), "keyed by device_id: " + r.key()));
    }

    @Test
    void rejectsAnInvalidEventWithTheReason() {
        try (EventPublisher publisher = EventPublisher.builder().bootstrapServers("127.0.0.1:1")
                .spoolDir(tmp.resolve("spool")).closeTimeout(Duration.ZERO).build()) {
            InferenceEvent bad = InferenceEvent.newBuilder(TestEvents.inference("bad", 0, "pi5-01")).setEventId("nope").build();
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> publisher.publish(bad));
            assertTrue(e.getMessage().contains("event_id"), e.getMessage());
            assertFalse(publisher.counters().spooled() > 0);
        }
    }

    static Set<String> distinctIds(List<ConsumerRecord<String, byte[]>> records) {
        EventCodec<InferenceEvent> codec = EventCodec.inference();
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (codec.decode(record.value()) instanceof DecodeResult.Accepted<InferenceEvent>(var event)) {
                ids.add(event.getEventId());
            } else {
                throw new AssertionError("undecodable record on the topic");
            }
        }
        return ids;
    }
}
