package dev.parallax.flink;

import dev.parallax.analytics.divergence.DivergenceContribution;
import dev.parallax.analytics.divergence.DivergenceKey;
import dev.parallax.analytics.divergence.DivergenceWindow;

/**
 * A {@link DivergenceContribution} as a Flink POJO: the window in its own bytes, keyed by its
 * {@link DivergenceKey} in {@link CodecKeys} form.
 */
public class WindowContribution {

    public String key;
    public long candidateEventTime;
    public byte[] window;

    public WindowContribution() {
    }

    static WindowContribution of(DivergenceContribution from) {
        WindowContribution contribution = new WindowContribution();
        contribution.key = CodecKeys.encode(DivergenceKey.CODEC, from.key());
        contribution.candidateEventTime = from.candidateEventTime();
        contribution.window = from.window().toBytes();
        return contribution;
    }

    DivergenceContribution divergenceContribution() {
        return new DivergenceContribution(CodecKeys.decode(DivergenceKey.CODEC, key), candidateEventTime,
                DivergenceWindow.fromBytes(window));
    }
}
