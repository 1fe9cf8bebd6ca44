package dev.parallax.collector;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of request bodies the collector holds at once. A request that does not fit is turned away (429) before
 * its body is read, so memory stays bounded however many clients push at the same time.
 */
final class InFlightBudget {

    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    InFlightBudget(long capacity) {
        this.capacity = capacity;
    }

    boolean tryAcquire(long bytes) {
        while (true) {
            long current = used.get();
            if (current + bytes > capacity) return false;
            if (used.compareAndSet(current, current + bytes)) return true;
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }
}
