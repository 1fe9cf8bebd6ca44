package dev.parallax.insights.placement;

import dev.parallax.insights.placement.Recommendations.Advice;
import dev.parallax.insights.warehouse.Period;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The advice over a range as the placement page shows it, computed once for every load and user asking for that range
 * for a while: computing it reads the range's raw events (seconds for a day of a thousand devices), which a page must
 * not wait for on every load.
 *
 * <p>Advice is fresh for {@code fresh} after it was computed. Older, it is still shown at once, and newer advice for
 * the range asked is computed in the {@code background} (once, however many ask); a page shows that one when it is
 * done. Advice is shown for a range of the same length ending up to {@code servable} later (a preset moves on a minute
 * at a time) as long as it is itself no older than that. Beyond, advice is computed for the range in the background
 * too, and a page waits for it up to {@code waited}: a longer range (seven days of a thousand devices take seconds)
 * is shown as being computed, and its advice when it is done, rather than holding the page. Every
 * {@link Recommendations#recompute()} (the background cycle, "Recompute now", a saved cost model) replaces what is
 * kept: the advice of its window is then at hand, and none computed with an older cost model or budget is shown.
 */
public final class RecentAdvice {

    private static final Logger LOG = LoggerFactory.getLogger(RecentAdvice.class);

    /**
     * What a page shows now, and the newer advice being computed for its range: when what it shows is no longer
     * fresh, or when there is nothing to show yet (its range's advice took longer than the page waits).
     */
    public record Shown(Optional<Advice> advice, Optional<CompletableFuture<Advice>> newer) {
    }

    private final Recommendations recommendations;
    private final Clock clock;
    private final Duration fresh;
    private final Duration servable;
    private final Duration waited;
    private final Executor background;
    private final Map<Period, Advice> kept = new ConcurrentHashMap<>();
    private final Map<Period, CompletableFuture<Advice>> computing = new ConcurrentHashMap<>();
    /** When the last recompute replaced what was kept: advice computed before it is not kept any more. */
    private volatile Instant replaced = Instant.MIN;

    public RecentAdvice(Recommendations recommendations, Clock clock, Duration fresh, Duration servable,
                        Duration waited, Executor background) {
        if (servable.compareTo(fresh) < 0) {
            throw new IllegalArgumentException("advice must be servable (" + servable + ") at least as long as it "
                    + "is fresh (" + fresh + ")");
        }
        this.recommendations = recommendations;
        this.clock = clock;
        this.fresh = fresh;
        this.servable = servable;
        this.waited = waited;
        this.background = background;
        recommendations.whenRecomputed(this::replaceAll);
    }

    /** How long advice is shown without computing it anew. */
    public Duration fresh() {
        return fresh;
    }

    /**
     * The advice to show for {@code period} now: kept advice when there is some for it, else computed for it (waited
     * for up to {@link #waited}). A computation that failed is thrown here.
     */
    public Shown over(Period period) {
        Instant now = clock.instant();
        Optional<Advice> at = servableFor(period, now);
        if (at.isEmpty()) {
            CompletableFuture<Advice> computed = computeInBackground(period);
            try {
                return new Shown(Optional.of(computed.get(waited.toMillis(), TimeUnit.MILLISECONDS)), Optional.empty());
            } catch (TimeoutException e) {
                return new Shown(Optional.empty(), Optional.of(computed));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Shown(Optional.empty(), Optional.of(computed));
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        boolean stale = at.get().asOf().plus(fresh).isBefore(now);
        return new Shown(at, stale ? Optional.of(computeInBackground(period)) : Optional.empty());
    }

    /** The latest advice kept for a period as long as {@code period} ending at most {@link #servable} before it. */
    private Optional<Advice> servableFor(Period period, Instant now) {
        Duration length = Duration.between(period.from(), period.to());
        return kept.values().stream()
                .filter(a -> Duration.between(a.period().from(), a.period().to()).equals(length))
                .filter(a -> !a.period().to().isAfter(period.to())
                        && Duration.between(a.period().to(), period.to()).compareTo(servable) <= 0)
                .filter(a -> Duration.between(a.asOf(), now).compareTo(servable) <= 0)
                .max(Comparator.comparing(Advice::asOf));
    }

    /** The advice over {@code period} being computed in the background, started unless it is already. */
    private CompletableFuture<Advice> computeInBackground(Period period) {
        CompletableFuture<Advice> mine = new CompletableFuture<>();
        CompletableFuture<Advice> running = computing.putIfAbsent(period, mine);
        if (running != null) {
            return running;
        }
        try {
            background.execute(() -> {
                try {
                    Advice advice = recommendations.advice(period);
                    keep(advice);
                    computing.remove(period, mine);
                    mine.complete(advice);
                } catch (RuntimeException e) {
                    LOG.warn("placement advice over {} failed; older advice, if any, stays shown: {}", period,
                            e.toString());
                    computing.remove(period, mine);
                    mine.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) { // shutting down: the advice shown stays
            computing.remove(period, mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    private void keep(Advice advice) {
        if (advice.asOf().isBefore(replaced)) {
            return; // computed with what a recompute since may have changed (the cost model, a budget)
        }
        kept.put(advice.period(), advice);
        Instant now = clock.instant();
        kept.values().removeIf(a -> Duration.between(a.asOf(), now).compareTo(servable) > 0);
    }

    private void replaceAll(Advice recomputed) {
        replaced = recomputed.asOf();
        kept.clear();
        kept.put(recomputed.period(), recomputed);
    }
}
