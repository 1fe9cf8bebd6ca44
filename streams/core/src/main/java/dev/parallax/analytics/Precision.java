package dev.parallax.analytics;

/** Numeric precision an inference ran in (SPEC §2). */
public enum Precision {
    FP32, FP16, BF16, INT8, INT4, OTHER
}
