package dev.parallax.insights.generation;

import dev.parallax.analytics.Figures;
import dev.parallax.analytics.confidence.Percentile;
import java.util.List;
import java.util.function.Function;

/**
 * What an LLM test's inferences of one key generated over a range (issue 15): time to first token, output tokens per
 * second of the whole request (TTFT included), each percentile with its interval, and the highest memory peak.
 *
 * @param generations the successful inferences that reported any of ttft_ms, tokens_out or mem_peak_mb
 * @param tokensPerSecondP10 the slow tail: a tenth of the requests generated slower
 * @param memPeakMaxMb NaN when none reported mem_peak_mb
 */
public record GenerationFigure(String testId, String modelName, String precision, String tier, String deviceClass,
                               long generations, Percentile ttftP50, Percentile ttftP99, Percentile tokensPerSecondP50,
                               Percentile tokensPerSecondP10, double memPeakMaxMb) {

    /** A column as the test page and the report both show it. */
    public record Column(String header, Function<GenerationFigure, String> text) {
    }

    public static final List<Column> COLUMNS = List.of(
            new Column("Model", GenerationFigure::modelName),
            new Column("Precision", GenerationFigure::precision),
            new Column("Tier", GenerationFigure::tier),
            new Column("Device class", GenerationFigure::deviceClass),
            new Column("Generations", f -> Figures.count(f.generations())),
            new Column("Time to first token p50", f -> Figures.tail(f.ttftP50(), " ms")),
            new Column("Time to first token p99", f -> Figures.tail(f.ttftP99(), " ms")),
            new Column("Tokens/s p50", f -> Figures.tail(f.tokensPerSecondP50(), "")),
            new Column("Tokens/s p10 (slowest tenth)", f -> Figures.tail(f.tokensPerSecondP10(), "")),
            new Column("Peak memory", f -> Figures.number(f.memPeakMaxMb(), " MB")));
}
