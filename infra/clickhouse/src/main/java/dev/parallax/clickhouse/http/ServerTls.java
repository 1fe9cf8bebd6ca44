package dev.parallax.clickhouse.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the front (HTTPS, as a ClickHouse server's {@code https_port}): the server's private key and
 * certificate chain in a PKCS12 key store, as {@code keytool} or {@code openssl pkcs12 -export} write it.
 */
public record ServerTls(Path keyStore, String password) {

    /** The context the front's server socket is made from. */
    SSLContext serverContext() throws IOException {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(), password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the key store " + keyStore + ": " + e.getMessage(), e);
        }
    }

    /** A client context that trusts this server's own certificate: for {@code EmbeddedClickHouse}'s readiness probe. */
    public SSLContext clientContext() throws IOException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the key store " + keyStore + ": " + e.getMessage(), e);
        }
    }

    private KeyStore load() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
