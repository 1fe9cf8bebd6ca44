package dev.parallax.ingest;

import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.RunEvent;

/** Where a runner's events go: the three kinds of SPEC §2. */
public interface EventSink {

    void publish(InferenceEvent event);

    void publish(DeviceSample sample);

    void publish(RunEvent run);
}
