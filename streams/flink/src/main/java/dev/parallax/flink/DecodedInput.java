package dev.parallax.flink;

import dev.parallax.contract.Topics;

/**
 * One record of an input topic after decoding, as it travels between Flink operators (a Flink POJO: public
 * fields and a no-argument constructor, so Flink serializes it without Kryo).
 *
 * <p>Either {@link #event} holds the accepted event in Avro single-object encoding (compact, and decoded
 * again by the same codec in the operator that needs it) with its {@link #eventId} and its placement time
 * {@link #eventTime} (SPEC §3a; the event's own field says the same), or {@link #deadLetter} holds the dead
 * letter's JSON with its {@link #deadLetterId}.
 */
public class DecodedInput {

    public String topic;
    public String eventId;
    public long eventTime;
    public byte[] event;
    public String deadLetterId;
    public byte[] deadLetter;

    public DecodedInput() {
    }

    static DecodedInput accepted(String topic, String eventId, long eventTime, byte[] event) {
        DecodedInput input = new DecodedInput();
        input.topic = topic;
        input.eventId = eventId;
        input.eventTime = eventTime;
        input.event = event;
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
        return event != null;
    }

    /** Whether an analytics operator reads it: an accepted inference or device sample (run events feed none). */
    public boolean isAnalysed() {
        return isAccepted() && !topic.equals(Topics.RUN);
    }
}
