package dev.parallax.collector;

import dev.parallax.config.Secrets;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Bearer tokens. A device token authenticates one device, which may only send its own events; a CI token
 * authenticates a CI pipeline, which may send for any device and any run (see {@link Caller}).
 *
 * <p>The tokens file is a properties file of {@code <device_id>=sha256:<hex of the token>} lines, and
 * {@code ci\:<name>=sha256:<hex>} for CI tokens (a plain token is accepted too, for hand-written files);
 * {@link #issue} and {@link #issueCi} append one. The file is re-read when it changes, so
 * devices can be added to a running collector. Only hashes are compared, so nothing depends on string-comparison
 * timing and the file need not hold the secrets themselves.
 */
final class DeviceTokens {

    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final Path file;
    private final Map<String, String> fixed;
    private volatile Map<String, String> deviceByHash = Map.of();
    private volatile FileTime loadedVersion;
    private volatile long lastCheck;

    /**
     * @param file  the tokens file (may not exist yet)
     * @param fixed extra token to identity entries (a device id or {@code ci:<name>}), e.g. the demo device's
     */
    DeviceTokens(Path file, Map<String, String> fixed) {
        this.file = file;
        Map<String, String> hashed = new HashMap<>();
        fixed.forEach((token, device) -> hashed.put(sha256(token), device));
        this.fixed = Map.copyOf(hashed);
        reloadIfChanged();
    }

    /** The device or CI pipeline a bearer token belongs to. */
    Optional<Caller> authenticate(String token) {
        if (token == null || token.isBlank()) return Optional.empty();
        if (System.nanoTime() - lastCheck > RECHECK_NANOS) reloadIfChanged();
        String hash = sha256(token.strip());
        String identity = fixed.get(hash);
        return Optional.ofNullable(identity != null ? identity : deviceByHash.get(hash)).map(Caller::of);
    }

    int size() {
        return fixed.size() + deviceByHash.size();
    }

    /** Creates a token for {@code deviceId}, appends its hash to {@code file} and returns the token (shown once). */
    static String issue(Path file, String deviceId) {
        requireName(deviceId, "device id");
        return append(file, deviceId);
    }

    /** Creates a CI token named {@code name}: it may write events of any device and any run. */
    static String issueCi(Path file, String name) {
        requireName(name, "CI token name");
        return append(file, "ci\\:" + name);
    }

    private static void requireName(String name, String what) {
        if (name.isBlank() || name.contains("=") || name.contains(":") || name.contains("\\") || name.contains("\n")) {
            throw new IllegalArgumentException(what + " must be non-empty without '=', ':', '\\' or a line break: " + name);
        }
    }

    private static String append(Path file, String key) {
        String token = Secrets.random(24);
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, key + "=sha256:" + sha256(token) + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return token;
    }

    private synchronized void reloadIfChanged() {
        lastCheck = System.nanoTime();
        try {
            if (!Files.isRegularFile(file)) {
                deviceByHash = Map.of();
                loadedVersion = null;
                return;
            }
            FileTime version = Files.getLastModifiedTime(file);
            if (version.equals(loadedVersion)) return;
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            Map<String, String> loaded = new HashMap<>();
            for (String device : properties.stringPropertyNames()) {
                String value = properties.getProperty(device).strip();
                loaded.put(value.startsWith("sha256:") ? value.substring(7) : sha256(value), device);
            }
            deviceByHash = Map.copyOf(loaded);
            loadedVersion = version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read device tokens from " + file, e);
        }
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
