package com.example.detector;

import dev.parallax.ingest.junit.RecordInferences;
import dev.parallax.schema.Precision;

/** The team's base class: every detector test records under this model. */
@RecordInferences(model = "yolov8n", precision = Precision.INT8, suite = "detector")
abstract class DetectorTestBase {

    static final int INFERENCES = 100;

    static float[] detect(int input) {
        return new float[] {input % 7, 1f};
    }
}
