package dev.parallax.ingest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.schema.Precision;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A user's test class, run by {@link ParallaxExtensionTest} through the JUnit Platform (not by surefire). */
@RecordInferences(model = "mobilenet-v3-small", modelVersion = "1.2", precision = Precision.INT8, suite = "golden")
class ExampleRecordedSuite {

    @Test
    void classifiesTheGoldenSet(InferenceRecorder recorder) throws Exception {
        for (int i = 0; i < 3; i++) {
            int label = i;
            float[] logits = recorder.measure("img-" + i, () -> {
                float[] out = new float[10];
                out[label] = 5f;
                return out;
            });
            assertEquals(5f, logits[label]);
        }
    }

    @Test
    void aCrashingModelIsRecordedAsAnError(InferenceRecorder recorder) {
        try {
            recorder.measure("img-9", () -> {
                throw new IllegalStateException("HAILO_OUT_OF_PHYSICAL_DEVICES");
            });
        } catch (Exception expected) {
            // the user's test would fail here; the error is recorded either way
        }
    }

    /** A @Nested class records with its enclosing class's @RecordInferences. */
    @Nested
    class OnAColdBoard {

        @Test
        void recordsWithTheEnclosingClassesModel(InferenceRecorder recorder) throws Exception {
            recorder.measure("img-cold", () -> new float[3], event -> {
                event.setTemperatureC(4.5).setPowerW(6.25);
                event.getAttributes().put("cooling", "none");
            });
        }
    }
}
