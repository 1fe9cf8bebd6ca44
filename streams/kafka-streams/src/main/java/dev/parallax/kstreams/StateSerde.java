package dev.parallax.kstreams;

import dev.parallax.analytics.codec.StateCodec;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka serde over an operator's own compact binary format, so stores and changelogs hold the same bytes. */
final class StateSerde<T> implements Serde<T> {

    private final StateCodec<T> codec;

    StateSerde(StateCodec<T> codec) {
        this.codec = codec;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : codec.encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : codec.decode(bytes);
    }
}
