package dev.parallax.simulator;

import dev.parallax.ingest.EventSink;
import dev.parallax.schema.DeviceSample;
import dev.parallax.schema.InferenceEvent;
import dev.parallax.schema.OutputKind;
import dev.parallax.schema.Precision;
import dev.parallax.schema.RunEvent;
import dev.parallax.schema.RunPhase;
import dev.parallax.schema.RunTrigger;
import dev.parallax.schema.Status;
import dev.parallax.schema.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * A fleet of edge (Raspberry Pi 5 + AI HAT) and cloud-GPU test runners producing the events Parallax ingests, with
 * the behaviour its analytics look for: tail latency per tier, thermal throttling of fanless Pis, INT8-vs-FP32
 * output divergence on the same golden inputs, occasional errors and timeouts, device samples between inferences,
 * run boundaries, and events that arrive late or out of order.
 *
 * <p>Deterministic: the same settings and seed give the same events in the same order. Time is simulated from
 * {@link Builder#startEpochMs}; {@link #run} either runs as fast as it can or keeps pace with the wall clock.
 * {@link Builder#clockOffset} gives every device a wrong clock: each event is stamped that far off, but sent when
 * it would have been anyway (SPEC §3a, "a device's clock is its own").
 */
public final class FleetSimulator {

    /** Pi 5 clock capped from 2.4 to 1.5 GHz: a CPU-bound inference takes 1.6 times as long while throttled. */
    static final double THROTTLE_SLOWDOWN = 2400.0 / 1500.0;
    /** A late event arrives this long after it happened: beyond the 30 s grace of SPEC §3 for most of them. */
    static final double LATE_MIN_S = 10;
    static final double LATE_MAX_S = 120;
    private static final List<ModelProfile> MODELS = List.of(ModelProfile.MOBILENET, ModelProfile.SMALL_TRANSFORMER);

    private final Builder settings;
    private final SplittableRandom random;
    private final GoldenOutputs golden;
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final PriorityQueue<Pending> inTransit = new PriorityQueue<>();
    private long sequence;
    private double now;

    private FleetSimulator(Builder settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed);
        this.golden = new GoldenOutputs(settings.seed, settings.flipRate);
        int edge = (int) Math.round(settings.devices * settings.edgeShare);
        for (int i = 0; i < settings.devices; i++) {
            devices.add(i < edge ? edgeDevice(i) : cloudDevice(i - edge));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Simulates {@code span} (or until {@code keepGoing} turns false), handing every event to {@code sink} when it
     * "arrives". With {@code realTime}, event times follow the wall clock and the loop sleeps to keep pace.
     */
    public void run(EventSink sink, Duration span, boolean realTime, BooleanSupplier keepGoing) {
        double end = span.toMillis() / 1000.0;
        double step = 1.0 / settings.rate;
        long wallStart = System.nanoTime();
        while (now < end && keepGoing.getAsBoolean()) {
            now += step;
            for (SimulatedDevice device : devices) {
                while (device.nextTransitionS <= now) transition(device);
                while (device.nextSampleS <= now) sample(device);
            }
            List<SimulatedDevice> busy = devices.stream().filter(d -> d.inRun).toList();
            if (!busy.isEmpty()) infer(busy.get(random.nextInt(busy.size())));
            deliver(sink, now);
            if (realTime) keepPace(wallStart);
        }
        deliver(sink, Double.MAX_VALUE);
    }

    /** The simulated time reached, in seconds since the start. */
    public double elapsedSeconds() {
        return now;
    }

    private void keepPace(long wallStart) {
        long aheadNanos = (long) (now * 1e9) - (System.nanoTime() - wallStart);
        if (aheadNanos > 20_000_000) {
            try {
                Thread.sleep(Duration.ofNanos(aheadNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private SimulatedDevice edgeDevice(int index) {
        boolean fan = random.nextDouble() >= settings.passiveShare;
        // Idle draw of a Pi node: 5-10 W (seed 000_895a19f75bac0993.txt, "Power + rack + network").
        double idle = 5 + 5 * random.nextDouble();
        SimulatedDevice device = new SimulatedDevice("pi5-%02d".formatted(index + 1), "pi5-hailo8l", Tier.EDGE,
                Precision.INT8, "hailort", fan, idle, new ThermalModel(fan, ThermalModel.IDLE_C + 5 * random.nextDouble()));
        return scheduleFirst(device);
    }

    private SimulatedDevice cloudDevice(int index) {
        // Not from the seeds: an A10G-class board idles near 60 W.
        SimulatedDevice device = new SimulatedDevice("cloud-a10g-%02d".formatted(index + 1), "cloud-a10g", Tier.CLOUD,
                Precision.FP32, "onnxruntime-cuda", true, 55 + 10 * random.nextDouble(), null);
        return scheduleFirst(device);
    }

    private SimulatedDevice scheduleFirst(SimulatedDevice device) {
        device.nextTransitionS = 10 * random.nextDouble();
        device.nextSampleS = settings.samplePeriod.toMillis() / 1000.0 * random.nextDouble();
        return device;
    }

    /** Starts or ends the device's current test run. */
    private void transition(SimulatedDevice device) {
        double at = device.nextTransitionS;
        device.advanceTo(at);
        if (device.inRun) {
            emit(at, runEvent(device, RunPhase.FINISHED, at));
            device.inRun = false;
            // Back-to-back CI jobs with short gaps, and now and then a long pause that lets a Pi cool down.
            device.nextTransitionS = at + (random.nextDouble() < 0.1 ? 300 + 600 * random.nextDouble() : 10 + 50 * random.nextDouble());
        } else {
            device.inRun = true;
            device.runs++;
            // Seed 000: PRs run edge smoke tests, nightly campaigns run on cloud GPUs.
            device.trigger = device.isEdge() ? RunTrigger.PR : RunTrigger.NIGHTLY;
            device.runId = (device.isEdge() ? "pr-" : "nightly-") + device.id + "-" + device.runs;
            // A nightly campaign covers the models in turn (staggered across GPUs); PR smoke tests are mostly vision.
            device.model = device.isEdge()
                    ? (random.nextDouble() < 0.7 ? ModelProfile.MOBILENET : ModelProfile.SMALL_TRANSFORMER)
                    : MODELS.get(Math.floorMod(device.runs + device.id.hashCode(), MODELS.size()));
            device.nextInput = random.nextInt(settings.goldenInputs);
            emit(at, runEvent(device, RunPhase.STARTED, at));
            device.nextTransitionS = at + (device.isEdge() ? 120 + 240 * random.nextDouble() : 1200 + 2400 * random.nextDouble());
        }
    }

    private void sample(SimulatedDevice device) {
        double at = device.nextSampleS;
        device.advanceTo(at);
        device.nextSampleS = at + settings.samplePeriod.toMillis() / 1000.0;
        DeviceSample sample = DeviceSample.newBuilder()
                .setEventId(uuid())
                .setEventTime(epochMs(at))
                .setDeviceId(device.id)
                .setDeviceClass(device.deviceClass)
                .setTier(device.tier)
                .setTemperatureC(round1(temperature(device)))
                .setPowerW(round1(device.inRun ? loadPower(device) : device.idlePowerW))
                .setThrottleFlags(device.thermal == null ? 0 : device.thermal.throttleFlags())
                .setCpuFreqMhz(device.cpuFreqMhz())
                .build();
        emit(at, sample);
    }

    private void infer(SimulatedDevice device) {
        device.advanceTo(now);
        ModelProfile model = device.model;
        int input = device.nextInput;
        device.nextInput = (input + 1) % settings.goldenInputs;
        double roll = random.nextDouble();
        Status status = roll < settings.errorRate ? Status.ERROR
                : roll < settings.errorRate + settings.timeoutRate ? Status.TIMEOUT : Status.OK;
        double latency = model.latency(device.isEdge()).sample(random) * (device.throttled() ? THROTTLE_SLOWDOWN : 1);
        InferenceEvent.Builder event = InferenceEvent.newBuilder()
                .setEventId(uuid())
                .setEventTime(epochMs(now))
                .setRunId(device.runId)
                .setTestId(model.testId())
                .setSuite(device.isEdge() ? "pr-smoke" : "nightly-scale")
                .setModelName(model.name())
                .setModelVersion(model.version())
                .setPrecision(device.precision)
                .setTier(device.tier)
                .setDeviceId(device.id)
                .setDeviceClass(device.deviceClass)
                .setRuntime(device.runtime)
                .setInputId((model.outputs() > 0 ? "img-%05d" : "prompt-%05d").formatted(input))
                .setStatus(status)
                .setBatchSize(1)
                .setPowerW(round1(loadPower(device)))
                .setIdlePowerW(round1(device.idlePowerW))
                .setTemperatureC(round1(temperature(device)))
                .setThrottleFlags(device.thermal == null ? 0 : device.thermal.throttleFlags())
                .setCpuFreqMhz(device.cpuFreqMhz())
                .setAttributes(Map.of("cooling", device.isEdge() ? (device.fan ? "fan" : "passive") : "datacenter",
                        "trigger", device.trigger.name()));
        switch (status) {
            case OK -> {
                event.setLatencyMs(round3(latency));
                if (model.outputs() > 0) {
                    float[] outputs = device.precision == Precision.FP32 ? golden.reference(model, input)
                            : golden.quantized(model, input, device.deviceClass);
                    event.setOutputs(GoldenOutputs.boxed(outputs)).setOutputKind(OutputKind.LOGITS);
                }
                if (model.tokensOut() > 0) {
                    event.setTokensOut(model.tokensOut()).setTtftMs(round3(latency / 4));
                }
            }
            case ERROR -> event.setLatencyMs(round3(latency)).setErrorMessage(device.isEdge()
                    ? "HAILO_STREAM_ABORTED: inference stream aborted by the device" : "CUDA error: an illegal memory access was encountered");
            case TIMEOUT -> event.setErrorMessage("no result within the test's 5 s budget");
        }
        emit(now, event.build());
    }

    private double loadPower(SimulatedDevice device) {
        if (!device.isEdge()) return 120 + 30 * random.nextDouble(); // not from the seeds: A10G-class board limit 150 W
        ModelProfile model = device.model == null ? ModelProfile.MOBILENET : device.model;
        double watts = model.edgeLoadPowerLow() + (model.edgeLoadPowerHigh() - model.edgeLoadPowerLow()) * random.nextDouble();
        return device.throttled() ? watts * 0.85 : watts;
    }

    private double temperature(SimulatedDevice device) {
        return device.thermal != null ? device.thermal.temperature() : 62 + 2 * random.nextGaussian();
    }

    private RunEvent runEvent(SimulatedDevice device, RunPhase phase, double at) {
        return RunEvent.newBuilder()
                .setEventId(uuid())
                .setEventTime(epochMs(at))
                .setRunId(device.runId)
                .setPhase(phase)
                .setTrigger(device.trigger)
                .setGitSha(HexFormat.of().toHexDigits(device.runId.hashCode()) + "abc")
                .setAttributes(Map.of("device_id", device.id, "model_name", device.model.name()))
                .build();
    }

    /** Queues an event that happened at {@code at}: it arrives after a network jitter, or much later. */
    private void emit(double at, SpecificRecord event) {
        double delay = random.nextDouble() < settings.lateShare
                ? LATE_MIN_S + (LATE_MAX_S - LATE_MIN_S) * random.nextDouble()
                : 0.3 * random.nextDouble();
        inTransit.add(new Pending(at + delay, sequence++, event));
    }

    private void deliver(EventSink sink, double upTo) {
        while (!inTransit.isEmpty() && inTransit.peek().arrival() <= upTo) {
            switch (inTransit.poll().event()) {
                case InferenceEvent e -> sink.publish(e);
                case DeviceSample s -> sink.publish(s);
                case RunEvent r -> sink.publish(r);
                default -> throw new IllegalStateException("unknown event type");
            }
        }
    }

    private String uuid() {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** The event time a device's clock stamps on what happened at simulated second {@code seconds}. */
    private long epochMs(double seconds) {
        return settings.startEpochMs + settings.clockOffset.toMillis() + Math.round(seconds * 1000);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private record Pending(double arrival, long sequence, SpecificRecord event) implements Comparable<Pending> {
        @Override
        public int compareTo(Pending other) {
            int byArrival = Double.compare(arrival, other.arrival);
            return byArrival != 0 ? byArrival : Long.compare(sequence, other.sequence);
        }
    }

    /** Fleet settings; every default is a realistic demo. */
    public static final class Builder {

        private long seed = 42;
        private int devices = 12;
        private double rate = 100;
        private double edgeShare = 0.75;
        private double passiveShare = 0.3;
        private double flipRate = 0.005;
        private double errorRate = 0.003;
        private double timeoutRate = 0.002;
        private double lateShare = 0.01;
        private Duration samplePeriod = Duration.ofSeconds(5);
        private int goldenInputs = 500;
        private long startEpochMs = System.currentTimeMillis();
        private Duration clockOffset = Duration.ZERO;

        private Builder() {
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Fleet size (default 12). */
        public Builder devices(int devices) {
            if (devices < 1) throw new IllegalArgumentException("devices must be >= 1");
            this.devices = devices;
            return this;
        }

        /** Inference attempts per second across the fleet (default 100), while devices are in runs. */
        public Builder rate(double rate) {
            if (!(rate > 0)) throw new IllegalArgumentException("rate must be > 0");
            this.rate = rate;
            return this;
        }

        /** Share of the fleet that are Pi 5 edge nodes (default 0.75; the rest are cloud GPUs). */
        public Builder edgeShare(double share) {
            this.edgeShare = share;
            return this;
        }

        /** Share of edge nodes without a fan (default 0.3): they throttle. */
        public Builder passiveShare(double share) {
            this.passiveShare = share;
            return this;
        }

        /** Share of golden inputs whose INT8 top-1 class differs from FP32 (default 0.005). */
        public Builder flipRate(double rate) {
            this.flipRate = rate;
            return this;
        }

        public Builder errorRate(double rate) {
            this.errorRate = rate;
            return this;
        }

        public Builder timeoutRate(double rate) {
            this.timeoutRate = rate;
            return this;
        }

        /** Share of events that arrive 10-120 s late (default 0.01); the rest arrive within 300 ms, out of order. */
        public Builder lateShare(double share) {
            this.lateShare = share;
            return this;
        }

        public Builder samplePeriod(Duration period) {
            this.samplePeriod = period;
            return this;
        }

        public Builder goldenInputs(int inputs) {
            this.goldenInputs = inputs;
            return this;
        }

        /** Event time of the simulation's start (default: now). */
        public Builder startEpochMs(long epochMs) {
            this.startEpochMs = epochMs;
            return this;
        }

        /**
         * How far the devices' clocks are off (default 0; negative: behind): every event time is shifted by it,
         * while events are still sent at the true time, as by a producer whose clock is wrong.
         */
        public Builder clockOffset(Duration offset) {
            this.clockOffset = Objects.requireNonNull(offset);
            return this;
        }

        public FleetSimulator build() {
            return new FleetSimulator(this);
        }
    }
}
