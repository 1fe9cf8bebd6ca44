package dev.parallax.flink;

/**
 * A record for a derived topic (SPEC §11): the JSON value that {@code DerivedRecords} or the dead letter made,
 * under the same key the Kafka Streams job uses. A Flink POJO.
 */
public class DerivedRecord {

    public String topic;
    public String key;
    public byte[] value;

    public DerivedRecord() {
    }

    public DerivedRecord(String topic, String key, byte[] value) {
        this.topic = topic;
        this.key = key;
        this.value = value;
    }
}
