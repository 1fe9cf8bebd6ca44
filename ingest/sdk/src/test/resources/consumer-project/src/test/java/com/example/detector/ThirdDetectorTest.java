package com.example.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.ingest.junit.InferenceRecorder;
import org.junit.jupiter.api.Test;

class ThirdDetectorTest extends DetectorTestBase {

    @Test
    void detects(InferenceRecorder recorder) throws Exception {
        for (int i = 0; i < INFERENCES; i++) {
            int input = i;
            float[] out = recorder.measure("third-" + i, () -> detect(input));
            assertEquals(1f, out[1]);
        }
    }
}
