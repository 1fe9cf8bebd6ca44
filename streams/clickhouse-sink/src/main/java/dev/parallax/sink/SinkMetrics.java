package dev.parallax.sink;

import dev.parallax.contract.ReasonClass;
import dev.parallax.contract.Tables;
import dev.parallax.metrics.KafkaMeters;
import dev.parallax.metrics.PipelineMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the sink counts: records read per topic and the dead letters among them by reason class
 * ({@link PipelineMetrics}), rows written per table ({@code parallax_sink_rows_total{table}}), the rows of each
 * batch ({@code parallax_sink_batch_rows}) and how long a batch took to be in ClickHouse, retries included
 * ({@code parallax_sink_batch_seconds}). The consumer's own metrics, its lag per partition among them
 * ({@code kafka_consumer_fetch_manager_records_lag{topic,partition}}), are bound as Kafka names them.
 */
final class SinkMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final PipelineMetrics pipeline;
    private final DistributionSummary batchRows;
    private final Timer batchWrites;
    private final Map<String, Counter> rows = new ConcurrentHashMap<>();
    private final KafkaMeters.Bound consumerMetrics;

    SinkMetrics(MeterRegistry registry, Consumer<?, ?> consumer) {
        this.registry = registry;
        this.pipeline = new PipelineMetrics(registry);
        this.batchRows = DistributionSummary.builder("parallax.sink.batch.rows").baseUnit("rows")
                .description("Rows in each batch the sink wrote").register(registry);
        this.batchWrites = Timer.builder("parallax.sink.batch")
                .description("Time from a batch's hand-over until ClickHouse took all of it, retries included")
                .register(registry);
        this.consumerMetrics = KafkaMeters.bind(registry,
                (scheduler, refresh) -> new KafkaClientMetrics(consumer, List.of(), scheduler, refresh));
    }

    /** A record read, and the row it became ({@code null} when none). */
    void read(ConsumerRecord<?, ?> record, TableRow row) {
        pipeline.eventsIn(record.topic(), 1);
        if (row != null && row.table().equals(Tables.DEAD_LETTERS)) {
            Map<String, Object> values = row.values();
            pipeline.deadLetter(Objects.toString(values.get("topic"), ""),
                    ReasonClass.of((String) values.get("source"), (String) values.get("reason")).label());
        }
    }

    /** A batch of {@code rowsByTable} written in {@code nanos}. */
    void written(Map<String, Integer> rowsByTable, long nanos) {
        batchWrites.record(nanos, TimeUnit.NANOSECONDS);
        batchRows.record(rowsByTable.values().stream().mapToInt(Integer::intValue).sum());
        rowsByTable.forEach((table, count) -> rows.computeIfAbsent(table, t -> Counter.builder("parallax.sink.rows")
                .description("Rows written, by table").tag("table", t).register(registry)).increment(count));
    }

    @Override
    public void close() {
        consumerMetrics.close();
    }
}
