package dev.parallax.launcher;

import dev.parallax.config.Secrets;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Generates the local stack's credentials once per installation and keeps them in
 * {@code $PARALLAX_HOME/parallax.properties} (readable by its owner only), where every service's
 * configuration finds them. Nothing ships with a built-in password.
 */
final class InstallationSecrets {

    private InstallationSecrets() {
    }

    /** Adds a fresh random value for each key that the file does not have yet; keeps existing ones. */
    static void ensure(Path home, List<String> keys) {
        Path file = home.resolve("parallax.properties");
        try {
            Files.createDirectories(home);
            Properties properties = new Properties();
            if (Files.exists(file)) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    properties.load(reader);
                }
            }
            boolean changed = false;
            for (String key : keys) {
                if (properties.getProperty(key, "").isBlank()) {
                    properties.setProperty(key, Secrets.random(18));
                    changed = true;
                }
            }
            if (!changed) {
                // A file from an older version, or edited by hand, may be readable by others: it holds every secret.
                if (Files.exists(file) && !Files.getPosixFilePermissions(file).equals(OwnerOnlyFiles.OWNER_ONLY)) {
                    Files.setPosixFilePermissions(file, OwnerOnlyFiles.OWNER_ONLY);
                }
                return;
            }
            StringWriter text = new StringWriter();
            properties.store(text, "Parallax local installation: generated secrets and settings");
            OwnerOnlyFiles.write(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
