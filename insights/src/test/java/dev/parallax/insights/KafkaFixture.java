package dev.parallax.insights;

import dev.parallax.kafka.EmbeddedKafkaBroker;
import dev.parallax.kafka.ParallaxTopics;
import java.io.IOException;

/** A real Kafka broker (embedded KRaft node) with the contract's topics, for one test class. */
public final class KafkaFixture implements AutoCloseable {

    private final ScratchDirectory dir = ScratchDirectory.create("parallax-ui-kafka");
    private final EmbeddedKafkaBroker broker;

    public KafkaFixture() throws IOException {
        broker = EmbeddedKafkaBroker.builder(dir.path()).topics(ParallaxTopics.all(3)).build().start();
    }

    public String bootstrap() {
        return broker.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            broker.close();
        } finally {
            dir.close();
        }
    }
}
