package dev.parallax.ingest.junit;

import dev.parallax.schema.Precision;

/** A user's base class carrying @RecordInferences for its subclasses ({@link ExampleInheritedSuite}). */
@RecordInferences(model = "yolov8n", modelVersion = "8.1", precision = Precision.INT8, suite = "detection")
abstract class ExampleDetectorBase {
}
