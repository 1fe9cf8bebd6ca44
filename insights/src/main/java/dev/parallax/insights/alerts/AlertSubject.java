package dev.parallax.insights.alerts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an alert is about, from its subject ({@code test=resnet-smoke model=… tier=EDGE …}, {@code device=pi-lab-07},
 * {@code dead-letters}): the test and the device it names, if any, for links to their pages.
 */
public record AlertSubject(Map<String, String> fields) {

    public static AlertSubject parse(String subject) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String token : subject == null ? new String[0] : subject.split(" ")) {
            int eq = token.indexOf('=');
            if (eq > 0 && eq < token.length() - 1) {
                fields.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return new AlertSubject(Map.copyOf(fields));
    }

    public Optional<String> testId() {
        return Optional.ofNullable(fields.get("test"));
    }

    public Optional<String> deviceId() {
        return Optional.ofNullable(fields.get("device"));
    }
}
