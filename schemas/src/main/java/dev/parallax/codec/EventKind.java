package dev.parallax.codec;

import dev.parallax.contract.Topics;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.RunEvent;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * One kind of input event: its generated class, its current schema, its released versions, its input topic
 * and its semantic rules.
 */
public final class EventKind<T extends SpecificRecord> {

    public static final EventKind<InferenceEvent> INFERENCE = new EventKind<>(InferenceEvent.class,
            InferenceEvent.getClassSchema(), Topics.INFERENCE, new InferenceEventValidator());
    public static final EventKind<DeviceSample> DEVICE_SAMPLE = new EventKind<>(DeviceSample.class,
            DeviceSample.getClassSchema(), Topics.DEVICE, new DeviceSampleValidator());
    public static final EventKind<RunEvent> RUN = new EventKind<>(RunEvent.class,
            RunEvent.getClassSchema(), Topics.RUN, new RunEventValidator());

    private final Class<T> type;
    private final Schema schema;
    private final String topic;
    private final EventValidator<T> validator;
    private final SchemaHistory history;

    private EventKind(Class<T> type, Schema schema, String topic, EventValidator<T> validator) {
        this.type = type;
        this.schema = schema;
        this.topic = topic;
        this.validator = validator;
        this.history = SchemaHistory.load(schema.getName());
    }

    public Class<T> type() {
        return type;
    }

    /** The current (reader) schema, the one the generated class was built from. */
    public Schema schema() {
        return schema;
    }

    /** The input topic carrying this kind. */
    public String topic() {
        return topic;
    }

    /** Every released version of the schema; records written with any of them are readable. */
    public SchemaHistory history() {
        return history;
    }

    EventValidator<T> validator() {
        return validator;
    }

    @Override
    public String toString() {
        return schema.getName();
    }
}
