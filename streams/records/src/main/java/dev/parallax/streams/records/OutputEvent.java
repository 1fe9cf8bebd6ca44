package dev.parallax.streams.records;

import dev.parallax.analytics.OutputKind;
import dev.parallax.analytics.Precision;
import dev.parallax.analytics.Tier;
import dev.parallax.analytics.codec.StateCodec;
import dev.parallax.analytics.codec.StateFormatException;
import dev.parallax.analytics.codec.StateReader;
import dev.parallax.analytics.codec.StateWriter;
import dev.parallax.analytics.divergence.OutputSample;

/** An inference's output vector with its test and run, as the divergence pairing takes it. */
public record OutputEvent(OutputSample sample, TestRun testRun) {

    /** On the repartition topic: the fields the pairing reads (the outputs dominate), not the whole event. */
    public static final StateCodec<OutputEvent> CODEC = new StateCodec<>() {
        private static final int FORMAT_TAG = 0x6F;
        private static final int VERSION = 1;

        @Override
        public byte[] encode(OutputEvent event) {
            OutputSample sample = event.sample();
            return new StateWriter(FORMAT_TAG, VERSION)
                    .writeString(sample.eventId()).writeSignedVarLong(sample.eventTime())
                    .writeString(sample.modelName()).writeString(sample.inputId())
                    .writeString(sample.precision().name()).writeString(sample.tier().name())
                    .writeString(sample.deviceClass()).writeString(sample.outputKind().name())
                    .writeFloats(sample.outputs())
                    .writeString(event.testRun().testId()).writeString(event.testRun().runId())
                    .toByteArray();
        }

        @Override
        public OutputEvent decode(byte[] bytes) {
            StateReader in = new StateReader(bytes, FORMAT_TAG, VERSION, "output event");
            try {
                OutputEvent event = new OutputEvent(
                        new OutputSample(in.readString(), in.readSignedVarLong(), in.readString(), in.readString(),
                                Precision.valueOf(in.readString()), Tier.valueOf(in.readString()), in.readString(),
                                OutputKind.valueOf(in.readString()), in.readFloats()),
                        new TestRun(in.readString(), in.readString()));
                in.expectEnd();
                return event;
            } catch (StateFormatException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new StateFormatException("output event: " + e.getMessage());
            }
        }
    };
}
