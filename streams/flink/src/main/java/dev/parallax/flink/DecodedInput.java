package dev.parallax.flink;

/**
 * One record of an input topic after decoding, as it travels between Flink operators (a Flink POJO: public
 * fields and a no-argument constructor, so Flink serializes it without Kryo).
 *
 * <p>An accepted event carries its {@link #eventId}, its placement time {@link #eventTime} (SPEC §3a; the
 * operator inputs say the same) and what each operator takes from it, mapped once where it was decoded: an
 * inference its {@link #latency} observation, its {@link #thermal} sample and, with outputs and an input id, its
 * {@link #output} for divergence; a device sample its thermal sample; a run event nothing. A refused record
 * carries its dead letter's JSON ({@link #deadLetter}) and {@link #deadLetterId} instead.
 */
public class DecodedInput {

    public String topic;
    /** The Kafka record's key as text (producers key by device id): with the event time, where its id is kept. */
    public String recordKey;
    public String eventId;
    public long eventTime;
    public LatencyInput latency;
    public ThermalInput thermal;
    public OutputInput output;
    public String deadLetterId;
    public byte[] deadLetter;

    public DecodedInput() {
    }

    static DecodedInput accepted(String topic, String recordKey, String eventId, long eventTime) {
        DecodedInput input = new DecodedInput();
        input.topic = topic;
        input.recordKey = recordKey;
        input.eventId = eventId;
        input.eventTime = eventTime;
        return input;
    }

    static DecodedInput rejected(String topic, String deadLetterId, byte[] deadLetter) {
        DecodedInput input = new DecodedInput();
        input.topic = topic;
        input.eventTime = Long.MIN_VALUE;
        input.deadLetterId = deadLetterId;
        input.deadLetter = deadLetter;
        return input;
    }

    public boolean isAccepted() {
        return deadLetter == null;
    }

    /** Whether an analytics operator reads it: an accepted inference or device sample (run events feed none). */
    public boolean isAnalysed() {
        return thermal != null;
    }
}
