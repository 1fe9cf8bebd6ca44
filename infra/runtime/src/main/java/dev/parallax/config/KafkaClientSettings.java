package dev.parallax.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How every Kafka client of Parallax (producer, consumer, admin, Kafka Streams, Flink's source and sink) reaches
 * the cluster: {@code kafka.bootstrap} and any client property set as {@code kafka.client.<property>}, such as
 * {@code kafka.client.security.protocol=SASL_SSL} or {@code kafka.client.sasl.jaas.config=...}.
 *
 * <p>A client's own settings win over these: what its correctness depends on (serializers, group and
 * transactional ids, isolation level, acks and idempotence, offsets committing) and what it tunes deliberately
 * stays its own. A {@code kafka.client.} property a client overrides is named in a warning, never with its value.
 */
public final class KafkaClientSettings {

    public static final String PREFIX = "kafka.client.";
    private static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    private static final System.Logger LOG = System.getLogger(KafkaClientSettings.class.getName());

    private final String bootstrapServers;
    private final SortedMap<String, String> properties;

    private KafkaClientSettings(String bootstrapServers, Map<String, String> properties) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers);
        this.properties = new TreeMap<>(properties);
        if (this.properties.containsKey(BOOTSTRAP_SERVERS)) {
            throw new IllegalStateException("set the brokers with " + ParallaxConfig.KAFKA_BOOTSTRAP + ", not "
                    + PREFIX + BOOTSTRAP_SERVERS);
        }
    }

    /** {@code kafka.bootstrap} and every {@code kafka.client.*} key of the configuration. */
    public static KafkaClientSettings from(ParallaxConfig config) {
        return new KafkaClientSettings(config.kafkaBootstrap(), config.under(PREFIX));
    }

    /** Brokers reached with Kafka's defaults (plaintext, no authentication): the embedded broker. */
    public static KafkaClientSettings of(String bootstrapServers) {
        return new KafkaClientSettings(bootstrapServers, Map.of());
    }

    /** These settings with one client property added or replaced. */
    public KafkaClientSettings with(String property, String value) {
        Map<String, String> merged = new HashMap<>(properties);
        merged.put(property, value);
        return new KafkaClientSettings(bootstrapServers, merged);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The {@code kafka.client.*} properties, without their prefix. Secrets among them: never print them. */
    public SortedMap<String, String> properties() {
        return Collections.unmodifiableSortedMap(properties);
    }

    /**
     * The configuration of one client: the bootstrap servers, these properties, and the client's own settings on
     * top.
     *
     * @param client names the client in the warning about a property it overrides
     */
    public Map<String, Object> configFor(String client, Map<String, ?> own) {
        Map<String, Object> config = new HashMap<>(properties);
        config.put(BOOTSTRAP_SERVERS, bootstrapServers);
        own.forEach((key, value) -> {
            if (properties.containsKey(key)) {
                LOG.log(System.Logger.Level.WARNING, "{0}{1} does not apply to the {2}, which sets {1} itself",
                        PREFIX, key, client);
            }
            config.put(key, value);
        });
        return config;
    }

    /** {@link #configFor} as {@link Properties}, for Kafka Streams and Flink. */
    public Properties propertiesFor(String client, Map<String, ?> own) {
        Properties props = new Properties();
        props.putAll(configFor(client, own));
        return props;
    }

    /** The brokers and the security protocol; never a property's value, which may be a secret. */
    @Override
    public String toString() {
        return bootstrapServers + " (" + properties.getOrDefault("security.protocol", "PLAINTEXT") + ")";
    }
}
