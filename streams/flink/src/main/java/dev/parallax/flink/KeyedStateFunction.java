package dev.parallax.flink;

import dev.parallax.streams.records.DerivedRecord;
import dev.parallax.streams.records.KeyedStateAnalytic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Any {@link KeyedStateAnalytic} on Flink, as the Kafka Streams job's {@code KeyedStateProcessor}: one state per
 * key (a {@link LiveValueState}, encoded by the analytic's codec), each outcome's records
 * written, and, when the analytic names one, a follow-on input per outcome for the next operator (a divergence
 * window's contribution) on {@link #followOnTag}.
 *
 * <p><b>Clock and expiry.</b> The clock is the watermark. A key whose state expires has an event-time timer at
 * its next expiry. The end of a bounded run moves the watermark to the end of time; that is no evidence that a
 * horizon has passed, so those timers expire nothing, and what may still come stays unreported, as in the live
 * job.
 *
 * <p><b>Order.</b> For an analytic that {@linkplain KeyedStateAnalytic#takesInputsInOrder takes its inputs in
 * order}: a key's inputs come from several partitions, which a Flink source reads at their own pace, minutes of
 * event time apart in a replay. So inputs ahead of the watermark wait in state and reach the analytic in
 * event-time order once the watermark (the slowest partition's progress) passes them, as Kafka Streams picks
 * the next record of a task by timestamp. An input already behind the watermark goes to the analytic at once,
 * which judges its lateness by its own rules.
 *
 * <p><b>Replacing records</b> ({@link KeyedStateAnalytic#replacingTopic}) wait in state by key, a newer one
 * replacing the older, and go out together on a processing-time tick every {@code emitInterval}, and at the end
 * of a bounded run, where an event-time timer waits.
 *
 * @param <P> the input as it travels between Flink operators (a Flink POJO), which {@code input} maps to the
 *            analytic's input
 * @param <F> the follow-on input (a Flink POJO)
 */
final class KeyedStateFunction<P, I, K, S, O, F> extends KeyedProcessFunction<String, P, DerivedRecord>
        implements LiveStateOperator.Live {

    private final JobSettings settings;
    private final SerializableFunction<JobSettings, KeyedStateAnalytic<I, K, S, O>> analyticOf;
    private final SerializableFunction<P, I> input;
    private final TypeInformation<P> inputType;
    private final StateCodecSerializer<S> stateSerializer;
    private final OutputTag<F> followOnTag;
    private final SerializableFunction<JobSettings, Function<O, Optional<F>>> followOnOf;
    private transient KeyedStateAnalytic<I, K, S, O> analytic;
    private transient Function<O, Optional<F>> followOn;
    private transient String replacingTopic;
    private transient LiveValueState<S> state;
    /** Replacing records waiting for the next tick, by key. */
    private transient MapState<String, byte[]> pending;
    /**
     * Inputs ahead of the watermark, by event time, in arrival order, each encoded once by the POJO's serializer: in
     * a replay many wait across many checkpoints, which then copy bytes instead of walking every POJO each time.
     */
    private transient MapState<Long, byte[]> waiting;
    /** Inputs that waited as lists of POJOs, in checkpoints of builds before {@link #waiting}: taken when due. */
    private transient MapState<Long, List<P>> waitingAsObjects;
    private transient TypeSerializer<P> inputSerializer;
    private transient DataOutputSerializer encoder;
    private transient LiveStateOperator.KeySwitch keys;

    /**
     * @param analyticOf      the analytic, built on the task from the job's settings
     * @param inputType       the POJO's type, for inputs waiting in state
     * @param stateSerializer the analytic's state in Flink state
     * @param followOnTag     where follow-on inputs go, or null for none
     * @param followOnOf      an outcome's follow-on input, built on the task from the job's settings, or null
     */
    KeyedStateFunction(JobSettings settings, SerializableFunction<JobSettings, KeyedStateAnalytic<I, K, S, O>> analyticOf,
                       SerializableFunction<P, I> input, TypeInformation<P> inputType, StateCodecSerializer<S> stateSerializer,
                       OutputTag<F> followOnTag, SerializableFunction<JobSettings, Function<O, Optional<F>>> followOnOf) {
        this.settings = settings;
        this.analyticOf = analyticOf;
        this.input = input;
        this.inputType = inputType;
        this.stateSerializer = stateSerializer;
        this.followOnTag = followOnTag;
        this.followOnOf = followOnOf;
    }

    /** Called by {@link LiveStateOperator} before {@link #open}: keep states live between checkpoints. */
    @Override
    public void keepLive(LiveStateOperator.KeySwitch keys) {
        this.keys = keys;
    }

    @Override
    public void open(OpenContext context) {
        analytic = analyticOf.apply(settings);
        followOn = followOnOf == null ? outcome -> Optional.empty() : followOnOf.apply(settings);
        replacingTopic = analytic.replacingTopic();
        String name = analytic.name();
        state = new LiveValueState<>(getRuntimeContext(), name + "-state", stateSerializer, analytic::isEmpty, keys);
        pending = getRuntimeContext().getMapState(
                new MapStateDescriptor<>(name + "-pending", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>(name + "-waiting-encoded", Types.LONG,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        waitingAsObjects = getRuntimeContext().getMapState(
                new MapStateDescriptor<>(name + "-waiting", Types.LONG, Types.LIST(inputType)));
        inputSerializer = getRuntimeContext().createSerializer(inputType);
        encoder = new DataOutputSerializer(256);
    }

    @Override
    public void processElement(P element, Context context, Collector<DerivedRecord> out) throws Exception {
        I in = input.apply(element);
        long eventTime = analytic.eventTime(in);
        if (!analytic.takesInputsInOrder() || eventTime <= context.timerService().currentWatermark()) {
            take(List.of(in), context, out);
            return;
        }
        byte[] earlier = waiting.get(eventTime);
        encoder.clear();
        if (earlier == null) {
            context.timerService().registerEventTimeTimer(eventTime);
        } else {
            encoder.write(earlier);
        }
        inputSerializer.serialize(element, encoder);
        waiting.put(eventTime, encoder.getCopyOfBuffer());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<DerivedRecord> out) throws Exception {
        if (context.timeDomain() == TimeDomain.PROCESSING_TIME) {
            emitPending(out);
            return;
        }
        List<I> due = due(timestamp);
        if (!due.isEmpty()) take(due, context, out);
        if (timestamp == Long.MAX_VALUE) {
            emitPending(out);
            return;
        }
        long watermark = context.timerService().currentWatermark();
        S current = current(context);
        if (watermark != Long.MAX_VALUE && current != null && analytic.nextExpiry(current) <= watermark) {
            long expiryBefore = analytic.nextExpiry(current);
            List<O> outcomes = analytic.expire(current, watermark);
            save(current, expiryBefore, context);
            write(outcomes, context, out);
        }
    }

    /** The inputs that waited for the watermark to reach {@code eventTime}, in arrival order, no longer waiting. */
    private List<I> due(long eventTime) throws Exception {
        List<I> due = new ArrayList<>();
        List<P> asObjects = waitingAsObjects.get(eventTime);
        if (asObjects != null) {
            waitingAsObjects.remove(eventTime);
            for (P element : asObjects) due.add(input.apply(element));
        }
        byte[] encoded = waiting.get(eventTime);
        if (encoded != null) {
            waiting.remove(eventTime);
            DataInputDeserializer decoder = new DataInputDeserializer(encoded);
            while (decoder.available() > 0) due.add(input.apply(inputSerializer.deserialize(decoder)));
        }
        return due;
    }

    private void take(List<I> inputs, Context context, Collector<DerivedRecord> out) throws Exception {
        S current = current(context);
        if (current == null) current = analytic.emptyState();
        long expiryBefore = analytic.nextExpiry(current);
        long clock = analytic.expires() ? context.timerService().currentWatermark() : Long.MIN_VALUE;
        List<O> outcomes = new ArrayList<>();
        for (I in : inputs) outcomes.addAll(analytic.onInput(current, in, clock));
        save(current, expiryBefore, context);
        write(outcomes, context, out);
    }

    /** Stores the state (or forgets it when empty) and moves the key's expiry timer. */
    private void save(S current, long expiryBefore, Context context) throws Exception {
        long expiry = analytic.nextExpiry(current);
        if (expiry != expiryBefore) {
            if (expiryBefore != Long.MAX_VALUE) context.timerService().deleteEventTimeTimer(expiryBefore);
            if (expiry != Long.MAX_VALUE) context.timerService().registerEventTimeTimer(expiry);
        }
        state.update(context.getCurrentKey(), current);
    }

    /** The key's state: live if kept so, else from the backend; null when it has none. */
    private S current(Context context) throws Exception {
        return state.value(context.getCurrentKey());
    }

    /** Writes the states kept live back to the backend, each under its key; called before a checkpoint barrier. */
    @Override
    public void flushLive() throws Exception {
        state.flush();
    }

    private void write(List<O> outcomes, Context context, Collector<DerivedRecord> out) throws Exception {
        for (O outcome : outcomes) {
            for (DerivedRecord record : analytic.records(outcome)) {
                if (record.topic().equals(replacingTopic)) hold(record, context); else out.collect(record);
            }
            followOn.apply(outcome).ifPresent(next -> context.output(followOnTag, next));
        }
    }

    private void hold(DerivedRecord record, Context context) throws Exception {
        if (pending.isEmpty()) {
            context.timerService().registerProcessingTimeTimer(
                    EmitTicks.next(context.timerService().currentProcessingTime(), settings.emitIntervalMs()));
            context.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        pending.put(record.key(), record.value());
    }

    private void emitPending(Collector<DerivedRecord> out) throws Exception {
        for (Map.Entry<String, byte[]> row : pending.entries()) {
            out.collect(new DerivedRecord(replacingTopic, row.getKey(), row.getValue()));
        }
        pending.clear();
    }
}
