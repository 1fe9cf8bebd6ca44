package dev.parallax.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The one place Parallax reads its configuration from.
 *
 * <p>A key such as {@code kafka.bootstrap} is looked up, highest precedence first, as the system property
 * {@code parallax.kafka.bootstrap}, the environment variable {@code PARALLAX_KAFKA_BOOTSTRAP}, the entry
 * {@code kafka.bootstrap} of {@code $PARALLAX_HOME/parallax.properties}, and finally the built-in default.
 * The defaults describe the embedded single-machine stack; pointing at an external Kafka cluster or
 * ClickHouse server is a matter of setting the endpoint keys, never of changing code.
 */
public final class ParallaxConfig {

    public static final String HOME = "home";
    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap";
    public static final String CLICKHOUSE_URL = "clickhouse.url";
    public static final String CLICKHOUSE_JDBC = "clickhouse.jdbc";
    public static final String CLICKHOUSE_DATABASE = "clickhouse.database";
    public static final String CLICKHOUSE_USER = "clickhouse.user";
    public static final String CLICKHOUSE_PASSWORD = "clickhouse.password";
    public static final String CHDB_LIBRARY = "chdb.library";
    /** Change points over runs (issue 16): kept when the t-test's p-value is below this (Otava's default). */
    public static final String REGRESSION_MAX_P_VALUE = "regression.max.p.value";
    /** ... and the relative change of the means is above this; below it a shift is not worth failing a run. */
    public static final String REGRESSION_MIN_MAGNITUDE = "regression.min.magnitude";
    /** Runs in one window of the E-divisive search (Otava's default). */
    public static final String REGRESSION_WINDOW = "regression.window";
    /**
     * Seconds none of a run's events must have been stored before its figures are kept for later reads (a run still
     * receiving events is computed on every read instead).
     */
    public static final String REGRESSION_FIGURES_SETTLE_SECONDS = "regression.figures.settle.seconds";
    /**
     * Divergence tolerances per model and candidate precision, e.g. {@code resnet50/INT8: sqnr=35 flip=0.02} (format:
     * {@code DivergenceTolerances}); unset, every precision has SPEC §5's.
     */
    public static final String DIVERGENCE_TOLERANCES = "divergence.tolerances";

    /** chDB release whose libchdb.so the embedded ClickHouse loads (the ClickHouse 26.5 engine). */
    public static final String CHDB_VERSION = "26.5.3";

    private static final Map<String, String> DEFAULTS = Map.of(
            KAFKA_BOOTSTRAP, "127.0.0.1:9092",
            CLICKHOUSE_URL, "http://127.0.0.1:8123",
            CLICKHOUSE_DATABASE, "parallax",
            CLICKHOUSE_USER, "parallax",
            REGRESSION_MAX_P_VALUE, "0.001",
            REGRESSION_MIN_MAGNITUDE, "0.05",
            REGRESSION_WINDOW, "50",
            REGRESSION_FIGURES_SETTLE_SECONDS, "300");

    private final Map<String, String> explicit;
    private final Map<String, String> environment;
    private final Properties system;
    private final Map<String, String> file;

    private ParallaxConfig(Map<String, String> explicit, Map<String, String> environment, Properties system,
                           Map<String, String> file) {
        this.explicit = Map.copyOf(explicit);
        this.environment = environment;
        this.system = system;
        this.file = file;
    }

    /** A configuration reading its properties file from its own {@code home}. */
    private static ParallaxConfig reading(Map<String, String> explicit, Map<String, String> environment,
                                          Properties system) {
        ParallaxConfig withoutFile = new ParallaxConfig(explicit, environment, system, Map.of());
        return new ParallaxConfig(explicit, environment, system,
                readPropertiesFile(withoutFile.home().resolve("parallax.properties")));
    }

    /** The configuration of this process: system properties, environment, properties file, defaults. */
    public static ParallaxConfig load() {
        return reading(Map.of(), System.getenv(), System.getProperties());
    }

    /**
     * A configuration made only of the given keys, the properties file of their {@code home} if they name
     * one, and the defaults; for tests and embedding.
     */
    public static ParallaxConfig of(Map<String, String> values) {
        return values.containsKey(HOME)
                ? reading(values, Map.of(), new Properties())
                : new ParallaxConfig(values, Map.of(), new Properties(), Map.of());
    }

    /** The given keys over the given environment and system properties, then the defaults; for tests. */
    static ParallaxConfig of(Map<String, String> values, Map<String, String> environment, Properties system) {
        return reading(values, environment, system);
    }

    /** This configuration with one key overridden. */
    public ParallaxConfig with(String key, String value) {
        Map<String, String> merged = new HashMap<>(explicit);
        merged.put(key, value);
        // Only a new home means another properties file; otherwise keep the one already read.
        return key.equals(HOME)
                ? reading(merged, environment, system)
                : new ParallaxConfig(merged, environment, system, file);
    }

    public Optional<String> find(String key) {
        String value = explicit.get(key);
        if (value == null) value = system.getProperty("parallax." + key);
        if (value == null) value = environment.get(environmentName(key));
        if (value == null) value = file.get(key);
        if (value == null) value = DEFAULTS.get(key);
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }

    public String get(String key) {
        return find(key).orElseThrow(() -> new IllegalStateException(
                "configuration key '" + key + "' is not set (system property parallax." + key
                        + " or environment variable " + environmentName(key) + ")"));
    }

    public String get(String key, String defaultValue) {
        return find(key).orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        return find(key).map(v -> parse(key, v, Integer::parseInt)).orElse(defaultValue);
    }

    public long getLong(String key, long defaultValue) {
        return find(key).map(v -> parse(key, v, Long::parseLong)).orElse(defaultValue);
    }

    public double getDouble(String key, double defaultValue) {
        return find(key).map(v -> parse(key, v, Double::parseDouble)).orElse(defaultValue);
    }

    /** {@code true} or {@code false} in any case; anything else is refused with the key. */
    public boolean getBoolean(String key, boolean defaultValue) {
        return find(key).map(value -> {
            if (value.equalsIgnoreCase("true")) return true;
            if (value.equalsIgnoreCase("false")) return false;
            throw new IllegalStateException("configuration key '" + key + "' is '" + value + "'; allowed: true, false");
        }).orElse(defaultValue);
    }

    /** One of an enum's constants, named in any case; an unknown name is refused with the key and the allowed names. */
    public <E extends Enum<E>> E getEnum(String key, E defaultValue) {
        Class<E> type = defaultValue.getDeclaringClass();
        return find(key).map(value -> {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(value)) return constant;
            }
            throw new IllegalStateException("configuration key '" + key + "' is '" + value + "'; allowed: "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                    .collect(Collectors.joining(", ")));
        }).orElse(defaultValue);
    }

    /**
     * Every key under {@code prefix} (which ends with a dot), without the prefix, with the usual precedence. An
     * environment variable's name maps back to a dotted key: {@code PARALLAX_KAFKA_CLIENT_SASL_JAAS_CONFIG} under
     * {@code kafka.client.} is {@code sasl.jaas.config}; a name with a {@code _} or {@code -} in it is set as a
     * system property or in the properties file instead.
     */
    public SortedMap<String, String> under(String prefix) {
        String environmentPrefix = environmentName(prefix);
        TreeMap<String, String> found = new TreeMap<>();
        Set<String> names = new HashSet<>();
        explicit.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(names::add);
        system.stringPropertyNames().stream().filter(k -> k.startsWith("parallax." + prefix))
                .forEach(k -> names.add(k.substring("parallax.".length())));
        environment.keySet().stream().filter(k -> k.startsWith(environmentPrefix)).forEach(k -> names.add(
                prefix + k.substring(environmentPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.')));
        file.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(names::add);
        for (String name : names) {
            if (name.length() > prefix.length()) find(name).ifPresent(v -> found.put(name.substring(prefix.length()), v));
        }
        return found;
    }

    /** Where the local stack keeps its data, logs and generated secrets. */
    public Path home() {
        String value = explicit.get(HOME);
        if (value == null) value = system.getProperty("parallax." + HOME);
        if (value == null) value = environment.get(environmentName(HOME));
        return value == null || value.isBlank()
                ? Path.of(System.getProperty("user.home"), ".parallax")
                : Path.of(value);
    }

    public String kafkaBootstrap() {
        return get(KAFKA_BOOTSTRAP);
    }

    /** The ClickHouse HTTP interface, e.g. {@code http://127.0.0.1:8123}. */
    public String clickhouseUrl() {
        return get(CLICKHOUSE_URL);
    }

    public String clickhouseDatabase() {
        return get(CLICKHOUSE_DATABASE);
    }

    /**
     * The JDBC URL of the official ClickHouse driver: explicit when configured, otherwise derived from the
     * HTTP URL. Responses are uncompressed because the embedded engine's front does not speak ClickHouse's
     * own LZ4 framing; a real server is fine either way.
     */
    public String clickhouseJdbcUrl() {
        return find(CLICKHOUSE_JDBC).orElseGet(() -> jdbcUrl(clickhouseUrl(), clickhouseDatabase()));
    }

    public static String jdbcUrl(String httpUrl, String database) {
        String base = httpUrl.endsWith("/") ? httpUrl.substring(0, httpUrl.length() - 1) : httpUrl;
        return "jdbc:clickhouse:" + base + "/" + database + "?compress=false";
    }

    public String clickhouseUser() {
        return get(CLICKHOUSE_USER);
    }

    public String clickhousePassword() {
        return get(CLICKHOUSE_PASSWORD, "");
    }

    /**
     * The user {@code role}'s service connects as: its own ({@code clickhouse.<role>.user}, default
     * {@code parallax_<role>}, and {@code clickhouse.<role>.password}) when either key is set, otherwise the shared
     * {@code clickhouse.user} and {@code clickhouse.password}, as with a single user before roles existed.
     */
    public ClickHouseLogin clickhouseLogin(ClickHouseRole role) {
        return ownClickhouseLogin(role).orElseGet(() -> new ClickHouseLogin(clickhouseUser(), clickhousePassword()));
    }

    /** {@code role}'s own user, when {@code clickhouse.<role>.user} or {@code clickhouse.<role>.password} is set. */
    public Optional<ClickHouseLogin> ownClickhouseLogin(ClickHouseRole role) {
        Optional<String> user = find(role.userKey());
        Optional<String> password = find(role.passwordKey());
        if (user.isEmpty() && password.isEmpty()) return Optional.empty();
        return Optional.of(new ClickHouseLogin(user.orElse(role.defaultUser()), password.orElse("")));
    }

    /** libchdb.so, installed by {@code ./parallax} into the user's cache unless configured elsewhere. */
    public Path chdbLibrary() {
        return find(CHDB_LIBRARY).map(Path::of).orElseGet(() -> {
            String cache = environment.getOrDefault("XDG_CACHE_HOME",
                    Path.of(System.getProperty("user.home"), ".cache").toString());
            return Path.of(cache, "parallax", "chdb-" + CHDB_VERSION, "libchdb.so");
        });
    }

    /** The environment variable of {@code key}, e.g. {@code PARALLAX_CLICKHOUSE_SINK_PASSWORD}. */
    public static String environmentName(String key) {
        return "PARALLAX_" + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("configuration key '" + key + "' is not a number: '" + value + "'", e);
        }
    }

    private static Map<String, String> readPropertiesFile(Path path) {
        if (!Files.isRegularFile(path)) return Map.of();
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }
}
