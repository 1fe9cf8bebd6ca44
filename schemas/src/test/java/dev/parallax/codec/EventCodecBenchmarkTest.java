package dev.parallax.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.schema.InferenceEvent;
import java.util.ArrayList;
import java.util.Collections;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Decode throughput of one thread, per encoding and outputs size. Run with {@code ./parallax bench}. */
@Tag("benchmark")
class EventCodecBenchmarkTest {

    private final EventCodec<InferenceEvent> codec = EventCodec.inference();

    @Test
    void decodeThroughput() {
        for (int outputs : new int[] {0, 1000}) {
            InferenceEvent event = Events.inference();
            if (outputs == 0) {
                event.setOutputs(null);
                event.setOutputKind(null);
            } else {
                event.setOutputs(new ArrayList<>(Collections.nCopies(outputs, 0.123f)));
            }
            measure("avro", outputs, codec.encodeAvro(event));
            measure("json", outputs, codec.encodeJson(event));
        }
    }

    private void measure(String encoding, int outputs, byte[] raw) {
        int rounds = outputs == 0 ? 200_000 : 20_000;
        run(raw, rounds / 4); // warm-up
        long start = System.nanoTime();
        int accepted = run(raw, rounds);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(accepted == rounds);
        System.out.printf("decode %s, %d outputs, %d bytes: %.0f records/s%n", encoding, outputs, raw.length, rounds / seconds);
    }

    private int run(byte[] raw, int rounds) {
        int accepted = 0;
        for (int i = 0; i < rounds; i++) {
            if (codec.decode(raw) instanceof DecodeResult.Accepted<InferenceEvent>) {
                accepted++;
            }
        }
        return accepted;
    }
}
