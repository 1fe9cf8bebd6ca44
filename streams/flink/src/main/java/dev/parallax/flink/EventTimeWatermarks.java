package dev.parallax.flink;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import java.time.Duration;

/**
 * Event-time watermarks for the decoded inputs: per Kafka partition, the largest event time seen so far,
 * advanced with every event (not periodically), so lateness does not depend on when a timer happened to fire.
 *
 * <p>This is the Kafka Streams job's "stream time" per partition. Flink then takes the minimum over all
 * partitions, where Kafka Streams takes the maximum over the partitions of a task: an event is late here only
 * when every partition has moved past its window's close, so how fast each partition happens to be read (a
 * replay reads them at very different speeds) does not make events late. On a log whose events arrive
 * within the grace period of every partition's progress, both engines judge every event the same way.
 * Dead letters carry no event time and do not move the watermark. A partition silent for
 * {@code idleTimeout} is left out of the minimum so it cannot hold every window open.
 */
final class EventTimeWatermarks {

    private EventTimeWatermarks() {
    }

    static WatermarkStrategy<DecodedInput> strategy(Duration idleTimeout) {
        WatermarkStrategy<DecodedInput> strategy = WatermarkStrategy
                .forGenerator((WatermarkGeneratorSupplier<DecodedInput>) context -> new LargestEventTime())
                .withTimestampAssigner((TimestampAssignerSupplier<DecodedInput>) context -> new EventTimeOf());
        return idleTimeout.isZero() ? strategy : strategy.withIdleness(idleTimeout);
    }

    private static final class EventTimeOf implements TimestampAssigner<DecodedInput> {
        @Override
        public long extractTimestamp(DecodedInput input, long recordTimestamp) {
            return input.isAccepted() ? input.eventTime : recordTimestamp;
        }
    }

    private static final class LargestEventTime implements WatermarkGenerator<DecodedInput> {
        private long largest = Long.MIN_VALUE;

        @Override
        public void onEvent(DecodedInput input, long timestamp, WatermarkOutput output) {
            if (input.isAccepted() && input.eventTime > largest) {
                largest = input.eventTime;
                output.emitWatermark(new Watermark(largest));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            // Every advance is emitted as it happens.
        }
    }
}
