package dev.parallax.simulator;

/**
 * A model under test and how it performs per tier. Latencies are the median single-inference ranges of seed
 * 000_895a19f75bac0993.txt ("Benchmarks"): MobileNetV3-ish quantized on Pi 5 + AI HAT 25-120 ms, cloud GPU 5-20 ms;
 * small transformer (125-350M, quantized) 200-800 ms on the Pi, 20-80 ms on a cloud GPU. Load power on the Pi
 * spans the seed's 15-30 W "under inference depending on model and HAT".
 *
 * @param outputs logits per inference (0: generative, no output vector)
 */
record ModelProfile(String name, String version, String testId, int outputs, LatencyRange edgeLatency,
                    LatencyRange cloudLatency, double edgeLoadPowerLow, double edgeLoadPowerHigh, int tokensOut) {

    static final ModelProfile MOBILENET = new ModelProfile("mobilenet-v3-small", "1.0", "classifies-golden-set", 1000,
            new LatencyRange(25, 120), new LatencyRange(5, 20), 15, 20, 0);
    static final ModelProfile SMALL_TRANSFORMER = new ModelProfile("distilgpt2-125m", "1.0", "generates-short-reply", 0,
            new LatencyRange(200, 800), new LatencyRange(20, 80), 22, 30, 32);

    LatencyRange latency(boolean edge) {
        return edge ? edgeLatency : cloudLatency;
    }
}
