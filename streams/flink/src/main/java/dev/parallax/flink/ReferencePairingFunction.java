package dev.parallax.flink;

import dev.parallax.analytics.divergence.DivergenceContribution;
import dev.parallax.analytics.divergence.DivergenceSettings;
import dev.parallax.analytics.divergence.PairingOutcome;
import dev.parallax.contract.DeadLetter;
import dev.parallax.contract.Topics;
import dev.parallax.streams.records.AttributedPairing.Outcome;
import dev.parallax.streams.records.AttributedPairing;
import dev.parallax.streams.records.DerivedRecord;
import dev.parallax.streams.records.DerivedRecords;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Quantized-vs-reference pairing (SPEC §5) per (model name, input id), by the engine-free
 * {@link AttributedPairing} in its own bytes. Pairs go out as {@code divergence_pairs} rows, rejections as
 * dead letters, and every pair and unmatched candidate as a {@link WindowContribution} ({@link #CONTRIBUTIONS})
 * to the divergence window of the candidate's event time.
 *
 * <p><b>Expiry</b> follows the Kafka Streams job with Flink's watermark as the event-time clock: a candidate
 * still waiting when the watermark has moved the pairing horizon past the watermark it came at (or its own
 * event time, if later) is unmatched, found by an
 * event-time timer at its key's next expiry, and before a key takes a new event it is expired at the current
 * watermark too. The end of a bounded run moves the watermark to the end of time; that is no evidence that a
 * horizon has passed, so those timers expire nothing, and a candidate whose reference may still come stays
 * unreported, as it does in the live job.
 */
final class ReferencePairingFunction extends KeyedProcessFunction<String, OutputInput, DerivedRecord> {

    static final OutputTag<WindowContribution> CONTRIBUTIONS = new OutputTag<>("divergence-contributions") {
    };

    private final JobSettings settings;
    private transient DivergenceSettings divergence;
    private transient ValueState<byte[]> pairing;

    ReferencePairingFunction(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        divergence = settings.divergence();
        pairing = getRuntimeContext().getState(
                new ValueStateDescriptor<>("divergence-pairing", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(OutputInput input, Context context, Collector<DerivedRecord> out) throws Exception {
        byte[] stored = pairing.value();
        AttributedPairing state = stored == null ? new AttributedPairing(divergence) : AttributedPairing.fromBytes(stored, divergence);
        long expiryBefore = state.nextExpiry();
        long watermark = context.timerService().currentWatermark();
        List<Outcome> outcomes = new ArrayList<>(watermark == Long.MIN_VALUE ? List.of() : state.expire(watermark));
        outcomes.addAll(state.onSample(input.sample(), input.testRun(), watermark));
        save(state, expiryBefore, context);
        route(outcomes, context, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<DerivedRecord> out) throws Exception {
        long watermark = context.timerService().currentWatermark();
        byte[] stored = pairing.value();
        if (watermark == Long.MAX_VALUE || stored == null) return;
        AttributedPairing state = AttributedPairing.fromBytes(stored, divergence);
        long expiryBefore = state.nextExpiry();
        List<Outcome> outcomes = state.expire(watermark);
        save(state, expiryBefore, context);
        route(outcomes, context, out);
    }

    /** Stores the state (or forgets it when empty) and moves the key's expiry timer. */
    private void save(AttributedPairing state, long expiryBefore, Context context) throws Exception {
        long expiry = state.nextExpiry();
        if (expiry != expiryBefore) {
            if (expiryBefore != Long.MAX_VALUE) context.timerService().deleteEventTimeTimer(expiryBefore);
            if (expiry != Long.MAX_VALUE) context.timerService().registerEventTimeTimer(expiry);
        }
        if (state.isEmpty()) pairing.clear(); else pairing.update(state.toBytes());
    }

    private void route(List<Outcome> outcomes, Context context, Collector<DerivedRecord> out) {
        for (Outcome outcome : outcomes) {
            switch (outcome.outcome()) {
                case PairingOutcome.Paired(var pair) -> out.collect(new DerivedRecord(Topics.DIVERGENCE,
                        DerivedRecords.divergencePairKey(pair), DerivedRecords.divergencePair(pair, outcome.testRun())));
                case PairingOutcome.Unmatched unmatched -> {
                }
                case PairingOutcome.Rejected rejected -> {
                    DeadLetter letter = DerivedRecords.divergenceDeadLetter(rejected);
                    out.collect(new DerivedRecord(Topics.DEAD_LETTER, letter.deadLetterId(), letter.toJson()));
                }
            }
            DivergenceContribution.of(outcome.outcome(), divergence)
                    .ifPresent(contribution -> context.output(CONTRIBUTIONS, WindowContribution.of(contribution)));
        }
    }
}
