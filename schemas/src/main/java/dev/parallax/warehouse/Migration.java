package dev.parallax.warehouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned DDL statement, from a file named {@code V<version>__<name>.sql} (e.g.
 * {@code V002__inference_events.sql}). The checksum is the SHA-256 of the text with line endings normalized, so
 * a checkout with CRLF endings is not an edit.
 */
public record Migration(int version, String name, String sql, String checksum) implements Comparable<Migration> {

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d{1,9})__([A-Za-z0-9_]+)\\.sql");

    public Migration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(checksum, "checksum");
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be ≥ 1 (was " + version + ")");
        }
    }

    /**
     * @throws IllegalArgumentException when the file name is not {@code V<version>__<name>.sql} or the file holds
     *                                  no statement
     */
    public static Migration parse(String fileName, String text) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + fileName + "' is not a migration file name (expected "
                    + "V<version>__<name>.sql, e.g. V002__inference_events.sql)");
        }
        String normalized = text.replace("\r\n", "\n").strip();
        String statement = normalized.endsWith(";") ? normalized.substring(0, normalized.length() - 1).strip() : normalized;
        if (statement.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("--"))) {
            throw new IllegalArgumentException(fileName + " holds no SQL statement");
        }
        return new Migration(Integer.parseInt(m.group(1)), m.group(2), statement, sha256(normalized));
    }

    /** The file name this migration is known by, e.g. {@code V002__inference_events.sql}. */
    public String fileName() {
        return "V%03d__%s.sql".formatted(version, name);
    }

    @Override
    public int compareTo(Migration other) {
        return Integer.compare(version, other.version);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
