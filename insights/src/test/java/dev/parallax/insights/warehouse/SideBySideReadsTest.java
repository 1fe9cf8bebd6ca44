package dev.parallax.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class PageReadsTest {

    @AutoClose
    final PageReads reads = new PageReads();

    @Test
    void readsRunSideBySide() {
        // Each read waits for the other to have started: they end only if they run at the same time.
        CountDownLatch started = new CountDownLatch(2);
        PageReads.Read<Boolean> first = reads.start(() -> meet(started));
        PageReads.Read<Boolean> second = reads.start(() -> meet(started));
        assertEquals(true, first.get());
        assertEquals(true, second.get());
    }

    @Test
    void whatAReadThrowsIsThrownWhereItsResultIsAskedFor() {
        IllegalStateException failure = new IllegalStateException("the warehouse refused");
        PageReads.Read<String> read = reads.start(() -> {
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
