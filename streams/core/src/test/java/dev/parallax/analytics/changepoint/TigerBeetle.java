package dev.parallax.analytics.changepoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.DoubleStream;

/**
 * The golden series of {@code changepoint/tigerbeetle.json} (see the README beside it). The file is flat enough
 * to read with two patterns, which spares streams/core a JSON dependency.
 */
record TigerBeetle(double[] series, List<Case> cases) {

    record Case(ChangePointSettings settings, int[] changePoints) {
        @Override
        public String toString() {
            return "window " + settings.windowLength() + ", p < " + settings.maxPValue()
                    + ", magnitude > " + settings.minMagnitude();
        }
    }

    private static final Pattern SERIES = Pattern.compile("\"series\"\\s*:\\s*\\[([^\\]]*)]");
    private static final Pattern CASE = Pattern.compile(
            "\\{\\s*\"window_len\"\\s*:\\s*(\\d+),\\s*\"max_pvalue\"\\s*:\\s*([0-9.eE+-]+),\\s*"
                    + "\"min_magnitude\"\\s*:\\s*([0-9.eE+-]+),\\s*\"change_points\"\\s*:\\s*\\[([^\\]]*)]\\s*}");

    static TigerBeetle load() {
        String json;
        try (InputStream in = TigerBeetle.class.getResourceAsStream("/changepoint/tigerbeetle.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Matcher series = SERIES.matcher(json);
        if (!series.find()) {
            throw new IllegalStateException("no series");
        }
        List<Case> cases = new ArrayList<>();
        Matcher c = CASE.matcher(json);
        while (c.find()) {
            ChangePointSettings settings = new ChangePointSettings(
                    Integer.parseInt(c.group(1)), Double.parseDouble(c.group(2)), Double.parseDouble(c.group(3)));
            cases.add(new Case(settings, numbers(c.group(4)).mapToInt(d -> (int) d).toArray()));
        }
        return new TigerBeetle(numbers(series.group(1)).toArray(), cases);
    }

    private static DoubleStream numbers(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble);
    }
}
