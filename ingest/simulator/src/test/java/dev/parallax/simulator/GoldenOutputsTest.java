package dev.parallax.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GoldenOutputsTest {

    @Test
    void int8OutputsDisagreeOnTop1AtTheConfiguredRateAndOtherwiseStayClose() {
        GoldenOutputs golden = new GoldenOutputs(7, 0.05);
        int inputs = 4_000;
        int flips = 0;
        for (int input = 0; input < inputs; input++) {
            float[] reference = golden.reference(ModelProfile.MOBILENET, input);
            float[] int8 = golden.quantized(ModelProfile.MOBILENET, input, "pi5-hailo8l");
            assertEquals(1000, reference.length);
            boolean flipped = GoldenOutputs.argmax(reference) != GoldenOutputs.argmax(int8);
            assertEquals(golden.flips(ModelProfile.MOBILENET, input, "pi5-hailo8l"), flipped, "input " + input);
            if (flipped) {
                flips++;
            } else {
                assertTrue(sqnrDb(reference, int8) > 30, "INT8 quantization noise stays above 30 dB SQNR");
            }
        }
        // Binomial(4000, 0.05): sd ~ 0.0034.
        assertEquals(0.05, flips / (double) inputs, 0.012);
    }

    @Test
    void outputsDependOnlyOnSeedModelAndInput() {
        GoldenOutputs a = new GoldenOutputs(1, 0.01);
        GoldenOutputs b = new GoldenOutputs(1, 0.01);
        assertArrayEquals(a.reference(ModelProfile.MOBILENET, 17), b.reference(ModelProfile.MOBILENET, 17));
        assertFalse(Arrays.equals(a.reference(ModelProfile.MOBILENET, 17), new GoldenOutputs(2, 0.01).reference(ModelProfile.MOBILENET, 17)));
        assertArrayEquals(a.quantized(ModelProfile.MOBILENET, 3, "coral-usb"), b.quantized(ModelProfile.MOBILENET, 3, "coral-usb"));
    }

    static double sqnrDb(float[] r, float[] c) {
        double signal = 0, noise = 0;
        for (int i = 0; i < r.length; i++) {
            signal += (double) r[i] * r[i];
            noise += (double) (r[i] - c[i]) * (r[i] - c[i]);
        }
        return 10 * Math.log10(signal / noise);
    }
}
