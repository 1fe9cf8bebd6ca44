package dev.parallax.clickhouse.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/** The one user the front accepts. Passwords are compared in constant time. */
public record Credentials(String user, String password) {

    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isBlank()) throw new IllegalArgumentException("user must not be blank");
    }

    boolean accepts(String user, String password) {
        boolean userMatches = MessageDigest.isEqual(bytes(this.user), bytes(user));
        boolean passwordMatches = MessageDigest.isEqual(bytes(this.password), bytes(password));
        return userMatches & passwordMatches;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=***]";
    }
}
