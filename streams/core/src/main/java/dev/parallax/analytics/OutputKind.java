package dev.parallax.analytics;

/** What an inference's output vector holds (SPEC §2); decides whether a KL divergence is defined. */
public enum OutputKind {
    LOGITS, PROBABILITIES, EMBEDDING, OTHER
}
