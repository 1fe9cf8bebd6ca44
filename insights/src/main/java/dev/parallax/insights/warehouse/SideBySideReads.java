package dev.parallax.insights.warehouse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Reads from the warehouse side by side: each is started where its caller asks for it and waited for where the caller
 * uses it, so that the caller waits for its slowest read, not for their sum. A page's reads (a read must not touch the
 * page's components: it runs outside the UI's lock, so only services) and the placement evidence's read of its
 * sketches, decoded and merged in this JVM while the engine answers the other reads.
 *
 * <p>On {@link #THREADS} platform threads shared by all callers: reads beyond them wait their turn, which also bounds
 * what one busy service asks of the warehouse at once. Platform threads, not virtual ones: on two cores, virtual
 * threads have two carriers, and a read that pins one (a wait inside a class's initialisation, a native frame) stalls
 * others.
 */
@Component
public class SideBySideReads implements AutoCloseable {

    static final int THREADS = 8;

    private final ExecutorService threads;
    private final Executor runs;

    public SideBySideReads() {
        this.threads = Executors.newFixedThreadPool(THREADS,
                Thread.ofPlatform().name("side-by-side-read-", 1).daemon().factory());
        this.runs = threads;
    }

    private SideBySideReads(Executor runs) {
        this.threads = null;
        this.runs = runs;
    }

    /** Reads run one after the other, each on its caller where it is started: what reading side by side gains on. */
    public static SideBySideReads oneAfterTheOther() {
        return new SideBySideReads(Runnable::run);
    }

    /** A read started: {@link #get} waits for its result. */
    public static final class Read<T> {
        private final CompletableFuture<T> result;

        private Read(CompletableFuture<T> result) {
            this.result = result;
        }

        /** The read's result; what it threw is thrown here, as if it had been read on this thread. */
        public T get() {
            try {
                return result.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException thrown) {
                    throw thrown;
                }
                if (e.getCause() instanceof Error thrown) {
                    throw thrown;
                }
                throw e;
            }
        }
    }

    /** Starts {@code read} beside the caller's work. */
    public <T> Read<T> start(Supplier<T> read) {
        return new Read<>(CompletableFuture.supplyAsync(read, runs));
    }

    /** A read with its result already at hand, for a page that reads only sometimes. */
    public static <T> Read<T> done(T result) {
        return new Read<>(CompletableFuture.completedFuture(result));
    }

    @Override
    public void close() {
        if (threads != null) threads.shutdownNow();
    }
}
