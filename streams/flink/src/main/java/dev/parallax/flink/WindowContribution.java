package dev.parallax.flink;

import dev.parallax.analytics.divergence.DivergenceKey;
import dev.parallax.analytics.divergence.DivergenceWindow;

/**
 * What one pairing outcome adds to the divergence window of its candidate's event time (a Flink POJO): a
 * window holding just that pair, or just that unmatched candidate, in its own bytes, so the window operator
 * only merges. Keyed by its {@link DivergenceKey} in {@link CodecKeys} form.
 */
public class WindowContribution {

    public String key;
    public long candidateEventTime;
    public byte[] window;

    public WindowContribution() {
    }

    static WindowContribution of(DivergenceKey key, long candidateEventTime, DivergenceWindow window) {
        WindowContribution contribution = new WindowContribution();
        contribution.key = CodecKeys.encode(DivergenceKey.CODEC, key);
        contribution.candidateEventTime = candidateEventTime;
        contribution.window = window.toBytes();
        return contribution;
    }

    DivergenceKey divergenceKey() {
        return CodecKeys.decode(DivergenceKey.CODEC, key);
    }

    DivergenceWindow divergenceWindow() {
        return DivergenceWindow.fromBytes(window);
    }
}
