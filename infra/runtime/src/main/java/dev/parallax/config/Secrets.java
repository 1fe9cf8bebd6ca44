package dev.parallax.config;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets (passwords, tokens) that are safe in URLs, headers, properties files and shells. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** {@code bytes} random bytes as URL-safe base64 without padding. */
    public static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
