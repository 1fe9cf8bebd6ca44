package dev.parallax.insights.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class SideBySideReadsTest {

    @AutoClose
    final SideBySideReads reads = new SideBySideReads();

    @Test
    void readsRunSideBySide() {
        // Each read waits for the other to have started: they end only if they run at the same time.
        CountDownLatch started = new CountDownLatch(2);
        SideBySideReads.Read<Boolean> first = reads.start(() -> meet(started));
        SideBySideReads.Read<Boolean> second = reads.start(() -> meet(started));
        assertEquals(true, first.get());
        assertEquals(true, second.get());
    }

    @Test
    void whatAReadThrowsIsThrownWhereItsResultIsAskedFor() {
        IllegalStateException failure = new IllegalStateException("the warehouse refused");
        SideBySideReads.Read<String> read = reads.start(() -> {
            throw failure;
        });
        assertSame(failure, assertThrows(IllegalStateException.class, read::get));
    }

    private static boolean meet(CountDownLatch started) {
        started.countDown();
        try {
            return started.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
