package dev.parallax.analytics.divergence;

import dev.parallax.analytics.Precision;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The drift tolerance of each quantized candidate (issue 16): the one set for its model and precision, else the one
 * set for its precision, else SPEC §5's defaults (flip rate ≤ 1 %, mean SQNR ≥ 30 dB, mean cosine ≥ 0.99), which every
 * precision keeps unless configured.
 *
 * <p>Configured as text, e.g. {@code resnet50/INT8: sqnr=35 flip=0.02; mobilenet/INT4: sqnr=20}: entries separated
 * by {@code ;}, each {@code MODEL/PRECISION:} (MODEL {@code *} for every model of that precision) and any of
 * {@code flip=} (max flip rate), {@code sqnr=} (min mean SQNR, dB), {@code cosine=} (min mean cosine). What an entry
 * leaves out it inherits: a model's entry from its precision's, a precision's from SPEC §5. For reference, 40 dB
 * mean SQNR for INT8 is the figure issue 16 names; PyTorch's model-level quantization tests hold 30 dB and torchao's
 * int8 linear tests 35 dB.
 */
public final class DivergenceTolerances {

    private static final String EVERY_MODEL = "*";

    private final DriftTolerance fallback;
    /** By {@code model/PRECISION}, {@code *} for the model of a precision-wide entry. */
    private final Map<String, DriftTolerance> entries;

    private DivergenceTolerances(DriftTolerance fallback, Map<String, DriftTolerance> entries) {
        this.fallback = fallback;
        this.entries = Map.copyOf(entries);
    }

    /** SPEC §5's tolerance for every model and precision. */
    public static DivergenceTolerances defaults() {
        return new DivergenceTolerances(DriftTolerance.defaults(), Map.of());
    }

    /**
     * Tolerances from their text form (see the class comment); blank is {@link #defaults()}.
     *
     * @throws IllegalArgumentException naming the entry that is not understood
     */
    public static DivergenceTolerances parse(String text) {
        Map<String, String[]> byKey = new HashMap<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String[] target = colon < 0 ? new String[0] : entry.substring(0, colon).strip().split("/");
            if (target.length != 2 || target[0].isBlank()) {
                throw new IllegalArgumentException("divergence tolerance '" + entry.strip()
                        + "' is not MODEL/PRECISION: key=value ... (MODEL may be *)");
            }
            Precision precision = precision(target[1].strip(), entry);
            byKey.put(key(target[0].strip(), precision), entry.substring(colon + 1).strip().split("\\s+"));
        }
        Map<String, DriftTolerance> entries = new HashMap<>();
        // Precision-wide entries first: a model's entry builds on its precision's.
        byKey.forEach((key, settings) -> {
            if (key.startsWith(EVERY_MODEL + "/")) {
                entries.put(key, apply(DriftTolerance.defaults(), settings));
            }
        });
        byKey.forEach((key, settings) -> {
            if (!key.startsWith(EVERY_MODEL + "/")) {
                String wide = EVERY_MODEL + key.substring(key.lastIndexOf('/'));
                entries.put(key, apply(entries.getOrDefault(wide, DriftTolerance.defaults()), settings));
            }
        });
        return new DivergenceTolerances(DriftTolerance.defaults(), entries);
    }

    /** The tolerance of {@code model}'s candidates in {@code precision}. */
    public DriftTolerance of(String model, Precision precision) {
        DriftTolerance own = entries.get(key(model, precision));
        if (own != null) {
            return own;
        }
        return entries.getOrDefault(key(EVERY_MODEL, precision), fallback);
    }

    private static DriftTolerance apply(DriftTolerance base, String[] settings) {
        DriftTolerance.Builder builder = DriftTolerance.builder().maxFlipRate(base.maxFlipRate())
                .minMeanSqnrDb(base.minMeanSqnrDb()).minMeanCosine(base.minMeanCosine());
        for (String setting : settings) {
            if (setting.isEmpty()) {
                continue;
            }
            String[] kv = setting.split("=", 2);
            double value;
            try {
                value = Double.parseDouble(kv.length == 2 ? kv[1] : "");
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("divergence tolerance setting '" + setting + "' is not key=number");
            }
            switch (kv[0].toLowerCase(Locale.ROOT)) {
                case "flip" -> builder.maxFlipRate(value);
                case "sqnr" -> builder.minMeanSqnrDb(value);
                case "cosine" -> builder.minMeanCosine(value);
                default -> throw new IllegalArgumentException("divergence tolerance setting '" + setting
                        + "': the keys are flip, sqnr and cosine");
            }
        }
        return builder.build();
    }

    private static Precision precision(String name, String entry) {
        try {
            return Precision.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("divergence tolerance '" + entry.strip() + "': unknown precision "
                    + name);
        }
    }

    private static String key(String model, Precision precision) {
        return model + "/" + precision;
    }
}
