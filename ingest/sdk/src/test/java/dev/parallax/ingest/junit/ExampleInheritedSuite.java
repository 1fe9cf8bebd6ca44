package dev.parallax.ingest.junit;

import org.junit.jupiter.api.Test;

/** A test class whose @RecordInferences is on its base class, run by {@link ParallaxExtensionTest}. */
class ExampleInheritedSuite extends ExampleDetectorBase {

    @Test
    void recordsWithTheBaseClassesModel(InferenceRecorder recorder) throws Exception {
        recorder.measure("frame-1", () -> new float[4]);
    }
}
