package dev.parallax.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * An encoded event on its way to a topic: what the producer sends and what the spool keeps, so a replay sends
 * exactly the bytes the first attempt would have.
 */
record OutboundRecord(String topic, String key, byte[] value) {

    OutboundRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    ProducerRecord<String, byte[]> toProducerRecord() {
        return new ProducerRecord<>(topic, key, value);
    }

    /** Spool form: topic and key as modified UTF-8, then the value's length and bytes. */
    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length + topic.length() + key.length() + 12);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(topic);
            out.writeUTF(key);
            out.writeInt(value.length);
            out.write(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static OutboundRecord fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            String topic = in.readUTF();
            String key = in.readUTF();
            byte[] value = new byte[in.readInt()];
            in.readFully(value);
            return new OutboundRecord(topic, key, value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a spooled record (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public String toString() {
        return "OutboundRecord[" + topic + ", key=" + key + ", " + value.length + " bytes]";
    }

}
