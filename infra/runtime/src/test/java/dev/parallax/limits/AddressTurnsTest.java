package dev.parallax.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AddressTurnsTest {

    private static final InetAddress BUSY = address(2);
    private static final InetAddress OTHER = address(3);

    @Test
    void anAddressPastItsTurnsIsRefusedWhileAnotherIsServed() throws Exception {
        AddressTurns turns = new AddressTurns(2, Duration.ofMillis(50));
        CountDownLatch holding = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(threads.submit(() -> turns.inTurn(BUSY, () -> {
                    holding.countDown();
                    release.await();
                })));
            }
            assertTrue(holding.await(5, TimeUnit.SECONDS));

            assertFalse(turns.inTurn(BUSY, () -> { }), "a third request of the busy address finds no turn");
            boolean[] served = {false};
            assertTrue(turns.inTurn(OTHER, () -> served[0] = true), "another address has turns of its own");
            assertTrue(served[0]);

            release.countDown();
            for (Future<Boolean> request : held) assertTrue(request.get());
        }
        assertTrue(turns.inTurn(BUSY, () -> { }), "turns come back when requests are done");
        assertEquals(0, turns.activeAddresses(), "addresses are forgotten with their last request");
    }

    @Test
    void aWaitingRequestTakesTheTurnAHeldOneGivesBack() throws Exception {
        AddressTurns turns = new AddressTurns(1, Duration.ofSeconds(10));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Boolean> first = threads.submit(() -> turns.inTurn(BUSY, () -> {
                holding.countDown();
                release.await();
            }));
            assertTrue(holding.await(5, TimeUnit.SECONDS));
            Future<Boolean> second = threads.submit(() -> turns.inTurn(BUSY, () -> { }));
            release.countDown();
            assertTrue(first.get());
            assertTrue(second.get(), "it waited for the turn instead of being refused");
        }
    }

    @Test
    void aFailingRequestGivesItsTurnBack() throws InterruptedException {
        AddressTurns turns = new AddressTurns(1, Duration.ofMillis(10));
        assertThrows(IllegalStateException.class, () -> turns.inTurn(BUSY, () -> {
            throw new IllegalStateException("boom");
        }));
        assertEquals(0, turns.activeAddresses());
        assertTrue(turns.inTurn(BUSY, () -> { }));
    }

    private static InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
