package dev.parallax.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every released version of one record schema, oldest first, as committed under
 * {@code avro/history/<Name>/v1.avsc, v2.avsc, ...} on the classpath. Records written with any of these versions
 * stay readable forever; a test proves each version reads all earlier ones.
 *
 * <p>To change a schema: edit {@code src/main/avro}, keep the change backward compatible (new fields need a
 * default), and add the generated schema as the next {@code vN.avsc}; the build fails until you do.
 */
public final class SchemaHistory implements SchemaStore {

    /** One released schema version and its 64-bit Rabin fingerprint (the single-object encoding header). */
    public record Version(String name, int number, Schema schema, long fingerprint) {
        @Override
        public String toString() {
            return "%s v%d (fingerprint 0x%016X)".formatted(name, number, fingerprint);
        }
    }

    private final String name;
    private final List<Version> versions;

    private SchemaHistory(String name, List<Version> versions) {
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("schema " + name + " has no history versions");
        }
        this.name = name;
        this.versions = List.copyOf(versions);
    }

    /** Versions of the record named {@code name} from classpath resources {@code avro/history/<name>/v<N>.avsc}. */
    public static SchemaHistory load(String name) {
        List<Version> versions = new ArrayList<>();
        for (int number = 1; ; number++) {
            String resource = "avro/history/" + name + "/v" + number + ".avsc";
            try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                versions.add(version(name, number, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return new SchemaHistory(name, versions);
    }

    /** A history from schema texts, oldest first (for tools and tests that hold their own versions). */
    public static SchemaHistory of(String name, List<String> schemaTexts) {
        List<Version> versions = new ArrayList<>();
        for (int i = 0; i < schemaTexts.size(); i++) {
            versions.add(version(name, i + 1, schemaTexts.get(i)));
        }
        return new SchemaHistory(name, versions);
    }

    private static Version version(String name, int number, String text) {
        Schema schema = new Schema.Parser().parse(text);
        if (!schema.getName().equals(name)) {
            throw new IllegalArgumentException("v" + number + " of " + name + " defines record " + schema.getName());
        }
        return new Version(name, number, schema, SchemaNormalization.parsingFingerprint64(schema));
    }

    public String name() {
        return name;
    }

    /** All versions, oldest first. */
    public List<Version> versions() {
        return versions;
    }

    public Version latest() {
        return versions.get(versions.size() - 1);
    }

    /** The version whose records carry this fingerprint in their single-object header. */
    public Optional<Version> byFingerprint(long fingerprint) {
        return versions.stream().filter(v -> v.fingerprint() == fingerprint).findFirst();
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint(fingerprint).map(Version::schema).orElse(null);
    }
}
