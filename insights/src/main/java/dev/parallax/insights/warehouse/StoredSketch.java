package dev.parallax.insights.warehouse;

import dev.parallax.analytics.latency.DDQuantileSketch;
import java.util.Base64;

/**
 * The {@code latency_windows.sketch} column as the pipeline writes it: the sketch's bytes as base64 text (the
 * stream job puts them in a JSON field and the sink stores JSON fields as they are).
 */
public final class StoredSketch {

    private StoredSketch() {
    }

    public static DDQuantileSketch decode(String base64) {
        try {
            return DDQuantileSketch.fromBytes(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("latency_windows.sketch is not a base64-encoded sketch", e);
        }
    }

    public static String encode(DDQuantileSketch sketch) {
        return Base64.getEncoder().encodeToString(sketch.toBytes());
    }
}
