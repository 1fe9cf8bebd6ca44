package dev.parallax.ingest.junit;

import dev.parallax.schema.Precision;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records the inferences of a test class to Parallax: test methods take an {@link InferenceRecorder} parameter and
 * run their inferences through it.
 *
 * <pre>{@code
 * @RecordInferences(model = "mobilenet-v3-small", modelVersion = "1.2", precision = Precision.INT8)
 * class GoldenSetTest {
 *     @Test
 *     void classifiesTheGoldenSet(InferenceRecorder recorder) throws Exception {
 *         for (GoldenSample sample : golden) {
 *             float[] logits = recorder.measure(sample.id(), () -> model.run(sample.pixels()));
 *             assertEquals(sample.label(), argmax(logits));
 *         }
 *     }
 * }
 * }</pre>
 *
 * run_id, test_id ({@code Class#method}), suite, timings and the device are filled in; see {@link ParallaxExtension}
 * for the configuration keys.
 */
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(ParallaxExtension.class)
public @interface RecordInferences {

    String model();

    String modelVersion() default "1";

    Precision precision() default Precision.FP32;

    /** Defaults to the test class's simple name. */
    String suite() default "";
}
