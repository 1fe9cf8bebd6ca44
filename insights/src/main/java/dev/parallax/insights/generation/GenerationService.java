package dev.parallax.insights.generation;

import dev.parallax.analytics.confidence.Percentile;
import dev.parallax.analytics.confidence.PercentileConfidence;
import dev.parallax.insights.latency.InferenceCounts;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;
import org.springframework.stereotype.Service;

/**
 * LLM figures of a test, edge vs cloud (issue 15): from the raw events' {@code ttft_ms}, {@code tokens_out} and
 * {@code mem_peak_mb} (SPEC §2; no window holds them), each percentile exact over the events with its
 * order-statistic interval. A test whose events carry none of them has no figures: the pages then show nothing.
 */
@Service
public class GenerationService {

    private final Warehouse warehouse;

    public GenerationService(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** Per key of the test (every test when {@code testId} is empty), edge keys first. */
    public List<GenerationFigure> figures(String testId, Period period) {
        record Key(String test, String model, String precision, String tier, String deviceClass) {
        }
        record Event(double ttftMs, double tokensPerSecond, double memPeakMb) {
        }
        Map<Key, List<Event>> byKey = new LinkedHashMap<>();
        warehouse.query("""
                SELECT test_id, model_name, precision, tier, device_class, ttft_ms,
                    if(tokens_out IS NULL OR latency_ms IS NULL OR latency_ms <= 0, NULL,
                       tokens_out * 1000 / latency_ms) AS tokens_per_second, mem_peak_mb
                FROM %s
                WHERE (? = '' OR test_id = ?) AND event_time >= ? AND event_time < ? AND status = 'OK'
                  AND (ttft_ms IS NOT NULL OR tokens_out IS NOT NULL OR mem_peak_mb IS NOT NULL)
                ORDER BY test_id, tier != 'EDGE', model_name, precision, device_class
                """.formatted(InferenceCounts.EVENTS), rs -> byKey.computeIfAbsent(new Key(rs.getString("test_id"),
                        rs.getString("model_name"), rs.getString("precision"), rs.getString("tier"),
                        rs.getString("device_class")), k -> new ArrayList<>())
                .add(new Event(Warehouse.number(rs, "ttft_ms"), Warehouse.number(rs, "tokens_per_second"),
                        Warehouse.number(rs, "mem_peak_mb"))), testId, testId, period.from(), period.to());
        List<GenerationFigure> figures = new ArrayList<>();
        byKey.forEach((key, events) -> {
            double[] ttft = sorted(events.stream().mapToDouble(Event::ttftMs));
            double[] rate = sorted(events.stream().mapToDouble(Event::tokensPerSecond));
            figures.add(new GenerationFigure(key.test(), key.model(), key.precision(), key.tier(), key.deviceClass(),
                    events.size(), percentile(ttft, 0.5), percentile(ttft, 0.99), percentile(rate, 0.5), percentile(rate, 0.1),
                    events.stream().mapToDouble(Event::memPeakMb).filter(Double::isFinite).max().orElse(Double.NaN)));
        });
        return figures;
    }

    /** Per test with LLM events in the period, in test order. */
    public Map<String, List<GenerationFigure>> byTest(Period period) {
        Map<String, List<GenerationFigure>> byTest = new LinkedHashMap<>();
        figures("", period).forEach(f -> byTest.computeIfAbsent(f.testId(), t -> new ArrayList<>()).add(f));
        return byTest;
    }

    private static double[] sorted(DoubleStream values) {
        double[] finite = values.filter(Double::isFinite).toArray();
        Arrays.sort(finite);
        return finite;
    }

    private static Percentile percentile(double[] sorted, double q) {
        return Percentile.of(sorted, q, PercentileConfidence.SHOWN);
    }
}
