package dev.parallax.insights.divergence;

import java.time.Instant;

/** One divergence window of a model's candidate precision on a device class. */
public record DivergencePoint(Instant start, String modelName, String precision, String deviceClass, long pairs,
                              double flipRate, double klMean, double sqnrMeanDb, double cosineMean) {

    /** The series the point belongs to, as charts name it. */
    public String series() {
        return modelName + " " + precision + " · " + deviceClass;
    }
}
