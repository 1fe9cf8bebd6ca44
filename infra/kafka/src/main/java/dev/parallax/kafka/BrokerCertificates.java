package dev.parallax.kafka;

import dev.parallax.config.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway certificate authority and a broker certificate it signed for 127.0.0.1 and localhost, made with
 * the JDK's own {@code keytool}, so that a TLS listener needs nothing installed. Clients trust {@link #caPem} (a
 * PEM trust store, no password); the broker presents {@link #brokerKeyStore} (PKCS12).
 *
 * @param keyStorePassword the broker key store's password, random per generation; passed to keytool through its
 *                         environment, never on its command line
 */
record BrokerCertificates(Path caPem, Path brokerKeyStore, String keyStorePassword) {

    private static final String PASSWORD_VARIABLE = "PARALLAX_KEYSTORE_PASSWORD";
    /** Days; long enough for any test run, short enough that a leaked file is soon worthless. */
    private static final String VALIDITY = "2";

    /** Generates a new authority and broker certificate into {@code dir}, replacing any earlier ones. */
    static BrokerCertificates generate(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve("broker.p12"));
            Files.deleteIfExists(dir.resolve("ca.pem"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
        String password = Secrets.random(18);
        Keytool keytool = new Keytool(dir, password);
        List<String> newKey = List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", VALIDITY);
        keytool.run(List.of("-genkeypair", "-alias", "ca", "-dname", "CN=Parallax test CA", "-ext", "bc:c"), newKey);
        keytool.run(List.of("-genkeypair", "-alias", "broker", "-dname", "CN=localhost", "-signer", "ca",
                "-ext", "san=ip:127.0.0.1,dns:localhost"), newKey);
        keytool.run(List.of("-exportcert", "-alias", "ca", "-rfc", "-file", "ca.pem"));
        // The broker's entry keeps the authority's certificate in its chain; the authority's key goes, so that the
        // broker has one key to present and nothing can sign with it later.
        keytool.run(List.of("-delete", "-alias", "ca"));
        return new BrokerCertificates(dir.resolve("ca.pem"), dir.resolve("broker.p12"), password);
    }

    private record Keytool(Path dir, String password) {

        @SafeVarargs
        final void run(List<String>... argumentLists) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
            for (List<String> arguments : argumentLists) command.addAll(arguments);
            command.addAll(List.of("-keystore", "broker.p12", "-storetype", "PKCS12", "-storepass:env", PASSWORD_VARIABLE));
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().put(PASSWORD_VARIABLE, password);
            try {
                Process process = builder.start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("keytool " + command.get(1) + " failed: " + output.strip());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run keytool", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running keytool", e);
            }
        }
    }
}
