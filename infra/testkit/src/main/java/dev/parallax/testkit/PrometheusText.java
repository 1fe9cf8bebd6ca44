package dev.parallax.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code /metrics} page parsed by the rules of Prometheus' text exposition format 0.0.4: every line is a comment,
 * a {@code # HELP}/{@code # TYPE} line or a sample {@code name{label="value",...} value}, and every sample belongs to
 * a family whose {@code TYPE} came before it. A page that breaks a rule is refused with the line, so a test that
 * scrapes a service also proves Prometheus could.
 */
public final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*)\\})? (\\S+)(?: -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final List<String> SUFFIXES = List.of("_total", "_count", "_sum", "_bucket");

    /** One sample: its metric name, labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    /** GETs {@code url} and parses the answer, which must be 200 in the text format's content type. */
    public static PrometheusText scrape(String url) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("text/plain") || !type.contains("version=0.0.4")) {
                throw new IllegalStateException(url + " is not Prometheus text: Content-Type " + type);
            }
            return parse(response.body());
        }
    }

    public static PrometheusText parse(String text) {
        Set<String> typed = new HashSet<>();
        List<Sample> samples = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) continue;
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                if (!typed.add(type.group(1))) throw refused(number, line, "a second TYPE for the family");
                continue;
            }
            if (line.startsWith("#")) {
                if (line.startsWith("# HELP") && !HELP.matcher(line).matches()) throw refused(number, line, "malformed HELP");
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) throw refused(number, line, "not a sample");
            String name = sample.group(1);
            if (!typed.contains(name) && !typed.contains(family(name))) throw refused(number, line, "no TYPE before it");
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) labels.put(label.group(1), label.group(2));
            }
            samples.add(new Sample(name, labels, value(number, line, sample.group(3))));
        }
        return new PrometheusText(samples);
    }

    public List<Sample> samples() {
        return samples;
    }

    /**
     * The sum of the samples named {@code name} whose labels include every one of {@code labels}: 0 when there is
     * none, as a counter that has not counted yet.
     */
    public double value(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    /** Whether some sample is named {@code name}. */
    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    private static String family(String name) {
        for (String suffix : SUFFIXES) {
            if (name.endsWith(suffix)) return name.substring(0, name.length() - suffix.length());
        }
        return name;
    }

    private static double value(int number, String line, String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw refused(number, line, "value is not a number");
                }
            }
        };
    }

    private static IllegalArgumentException refused(int number, String line, String why) {
        return new IllegalArgumentException("not Prometheus text, line " + number + " (" + why + "): " + line);
    }
}
