import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parallax.ingest.junit.InferenceRecorder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A user's test on JDK 17 (compiled by Jdk17ConsumerTest): inherits @RecordInferences and has a @Nested class. */
class GoldenSetTest extends RecordedBase {

    @Test
    void classifies(InferenceRecorder recorder) throws Exception {
        float[] logits = recorder.measure("img-0", () -> new float[] {0.1f, 0.9f}, event -> event.setTemperatureC(41.0));
        assertEquals(0.9f, logits[1]);
    }

    @Nested
    class OnABatteryBoard {

        @Test
        void classifiesToo(InferenceRecorder recorder) throws Exception {
            recorder.measure("img-1", () -> new float[] {0.8f, 0.2f});
        }
    }
}
