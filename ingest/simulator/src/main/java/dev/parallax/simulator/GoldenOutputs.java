package dev.parallax.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Output vectors for the golden inputs of a classifier: the FP32 reference logits, and what an INT8 build of the
 * same model produces for the same input. Both depend only on (seed, model, input), so every device that sees an
 * input produces comparable outputs, as the divergence job needs (SPEC §5).
 *
 * <p>The INT8 vector is the reference through symmetric per-tensor quantization (scale = max|x| / 127), which keeps
 * the top-1 class and an SQNR near 38 dB. For a share {@code flipRate} of (input, device class) pairs the quantized
 * model also swaps its two best classes: the top-1 disagreement the tolerance of SPEC §5 is about.
 */
final class GoldenOutputs {

    private final long seed;
    private final double flipRate;

    GoldenOutputs(long seed, double flipRate) {
        if (flipRate < 0 || flipRate > 1) throw new IllegalArgumentException("flipRate must be in [0, 1]: " + flipRate);
        this.seed = seed;
        this.flipRate = flipRate;
    }

    float[] reference(ModelProfile model, int input) {
        SplittableRandom random = new SplittableRandom(mix(seed, model.name().hashCode(), input));
        float[] logits = new float[model.outputs()];
        for (int i = 0; i < logits.length; i++) logits[i] = (float) (1.5 * random.nextGaussian());
        logits[random.nextInt(logits.length)] = (float) (8 + random.nextGaussian());
        return logits;
    }

    float[] quantized(ModelProfile model, int input, String deviceClass) {
        float[] reference = reference(model, input);
        float max = 0;
        for (float v : reference) max = Math.max(max, Math.abs(v));
        float scale = max / 127f;
        float[] int8 = new float[reference.length];
        for (int i = 0; i < reference.length; i++) int8[i] = Math.round(reference[i] / scale) * scale;
        if (flips(model, input, deviceClass)) swapTopTwo(int8);
        return int8;
    }

    /** Whether the quantized build disagrees with the reference on this input's top-1 class. */
    boolean flips(ModelProfile model, int input, String deviceClass) {
        SplittableRandom random = new SplittableRandom(mix(seed ^ 0x5DEECE66DL, model.name().hashCode() * 31 + deviceClass.hashCode(), input));
        return random.nextDouble() < flipRate;
    }

    static List<Float> boxed(float[] values) {
        List<Float> list = new ArrayList<>(values.length);
        for (float v : values) list.add(v);
        return list;
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    private static void swapTopTwo(float[] values) {
        int first = argmax(values);
        int second = first == 0 ? 1 : 0;
        for (int i = 0; i < values.length; i++) if (i != first && values[i] > values[second]) second = i;
        float top = values[first];
        values[first] = values[second];
        values[second] = top;
    }

    private static long mix(long a, long b, long c) {
        long h = a * 0x9E3779B97F4A7C15L + b;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + c;
        return h ^ (h >>> 29);
    }
}
