package dev.parallax.ui;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * A page's reads from the warehouse, side by side: each is started where the page asks for it and waited for where the
 * page shows it, so that a page waits for its slowest read, not for their sum. A read must not touch the page's
 * components (it runs outside the UI's lock), only services.
 *
 * <p>On {@link #THREADS} platform threads shared by all pages: reads beyond them wait their turn, which also bounds
 * what one busy UI asks of the warehouse at once. Platform threads, not virtual ones: on two cores, virtual threads
 * have two carriers, and a read that pins one (a wait inside a class's initialisation, a native frame) stalls others.
 */
@Component
public class PageReads implements AutoCloseable {

    static final int THREADS = 8;

    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS, new ThreadFactory() {
        private final AtomicInteger created = new AtomicInteger();

        @Override
        public Thread newThread(Runnable read) {
            Thread thread = new Thread(read, "page-read-" + created.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

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
        return new Read<>(CompletableFuture.supplyAsync(read, threads));
    }

    /** A read with its result already at hand, for a page that reads only sometimes. */
    public static <T> Read<T> done(T result) {
        return new Read<>(CompletableFuture.completedFuture(result));
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
