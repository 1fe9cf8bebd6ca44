import dev.parallax.ingest.junit.RecordInferences;
import dev.parallax.schema.Precision;

/** The base class a user's tests extend: they inherit its @RecordInferences. */
@RecordInferences(model = "tiny-classifier", precision = Precision.INT8, suite = "jdk17")
abstract class RecordedBase {
}
