package dev.parallax.insights.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.insights.FleetData;
import dev.parallax.insights.TestClock;
import dev.parallax.insights.WarehouseFixture;
import dev.parallax.insights.alerts.AlertOverrides;
import dev.parallax.insights.placement.Recommendations.Advice;
import dev.parallax.insights.warehouse.Period;
import dev.parallax.insights.warehouse.SideBySideReads;
import dev.parallax.insights.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The placement page's advice over a range, computed once for every load until it is a minute old, then shown while
 * newer advice is computed in the background; the same advice as computed on the spot, on a real engine. Advice a
 * page has none of yet is computed in the background too, and shown as being computed when it takes longer than the
 * page waits.
 */
class RecentAdviceTest {

    static final Duration DAY = Duration.ofDays(1);
    static final Duration FRESH = Duration.ofMinutes(1);
    static final Duration SERVABLE = Duration.ofMinutes(5);
    static final Duration WAITED = Duration.ofMillis(50);

    @RegisterExtension
    static final WarehouseFixture warehouse = new WarehouseFixture();
    static final SideBySideReads READS = new SideBySideReads();
    /** Each class's tests have the engine to themselves by their own test ids; the clock is each test's own. */
    TestClock clock;
    Recommendations recommendations;
    /** The background: what it was given to run, run at once (a computation quicker than a page waits) or queued. */
    final List<Runnable> background = new ArrayList<>();
    boolean atOnce = true;
    RecentAdvice recent;

    @BeforeEach
    void start() {
        clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(5));
        Warehouse w = warehouse.warehouse();
        recommendations = new Recommendations(w, READS, new CostModels(w, clock), new AlertOverrides(w, clock),
                Double.NaN, DAY, clock);
        recent = new RecentAdvice(recommendations, clock, FRESH, SERVABLE, WAITED, task -> {
            if (atOnce) task.run();
            else background.add(task);
        });
    }

    /** A test that runs on an edge device from now on (its windows and events end at the minute before now). */
    void runs(String test) {
        Instant now = clock.instant();
        Warehouse w = warehouse.warehouse();
        FleetData.windows(w, now, test, test + "-model", "EDGE", "pi5-hailo8l", 10, 50, 40, test.hashCode());
        FleetData.inferences(w, now, 10, 50, test, test + "-model", "EDGE", test + "-pi", "pi5-hailo8l", 40, 9, 4);
    }

    static Set<String> tests(Advice advice) {
        return advice.rows().stream().map(StoredRecommendation::testId).collect(Collectors.toSet());
    }

    @Test
    void oneComputationServesEveryLoadWhileFreshThenANewerOneIsComputedOnceInTheBackground() {
        runs("ra-first");
        Period day = Period.last(DAY, clock.instant());
        RecentAdvice.Shown first = recent.over(day);
        assertTrue(first.newer().isEmpty(), "nothing kept: computed while the page waits");
        assertEquals(day, first.advice().orElseThrow().period());
        assertEquals(withoutTime(recommendations.over(day, recommendations.budgetsMs())),
                withoutTime(first.advice().orElseThrow().rows()), "the same advice as computed on the spot");

        atOnce = false;
        runs("ra-second");
        clock.advance(Duration.ofSeconds(59));
        RecentAdvice.Shown again = recent.over(day);
        assertSame(first.advice().orElseThrow(), again.advice().orElseThrow(), "a load within the minute: the same");
        assertTrue(again.newer().isEmpty());
        assertFalse(tests(again.advice().orElseThrow()).contains("ra-second"),
                "it was computed before the second test ran");

        clock.advance(Duration.ofSeconds(2));
        RecentAdvice.Shown stale = recent.over(day);
        assertSame(first.advice().orElseThrow(), stale.advice().orElseThrow(), "older than a minute: shown at once");
        CompletableFuture<Advice> newer = stale.newer().orElseThrow();
        assertSame(newer, recent.over(day).newer().orElseThrow(), "a second load waits for the same computation");
        assertEquals(1, background.size(), "computed once, in the background");
        assertFalse(newer.isDone());

        background.removeFirst().run();
        Advice computed = newer.join();
        assertTrue(tests(computed).containsAll(Set.of("ra-first", "ra-second")), tests(computed).toString());
        RecentAdvice.Shown after = recent.over(day);
        assertSame(computed, after.advice().orElseThrow(), "the newer advice is what loads are shown from then on");
        assertTrue(after.newer().isEmpty());
    }

    @Test
    void aRangeMovingOnIsShownItsLastAdviceAndARangeEndingElsewhereIsNot() {
        runs("ra-moving");
        Period day = Period.last(DAY, clock.instant());
        Advice kept = recent.over(day).advice().orElseThrow();

        clock.advance(Duration.ofSeconds(30));
        Period aMinuteOn = Period.last(DAY, clock.instant().plus(Duration.ofMinutes(1)));
        assertSame(kept, recent.over(aMinuteOn).advice().orElseThrow(), "the last 24 h a minute later: the kept advice");

        Period yesterday = new Period(day.from().minus(DAY), day.to().minus(DAY));
        Advice ofYesterday = recent.over(yesterday).advice().orElseThrow();
        assertEquals(yesterday, ofYesterday.period(), "a day ending elsewhere has advice of its own");
        assertFalse(tests(ofYesterday).contains("ra-moving"));
        Period shorter = Period.last(Duration.ofHours(6), clock.instant());
        assertEquals(shorter, recent.over(shorter).advice().orElseThrow().period(), "so has a range of another length");

        clock.advance(SERVABLE);
        Period later = Period.last(DAY, clock.instant());
        RecentAdvice.Shown tooOld = recent.over(later);
        assertNotSame(kept, tooOld.advice().orElseThrow(), "advice older than the interval is not shown: new is");
        assertEquals(later, tooOld.advice().orElseThrow().period());
        assertTrue(tooOld.newer().isEmpty());
    }

    @Test
    void aRangeWhoseAdviceTakesLongerThanAPageWaitsIsShownAsBeingComputedOnceThenKept() {
        runs("ra-long");
        atOnce = false; // the computation is still running when the page stops waiting
        Period week = Period.last(Duration.ofDays(7), clock.instant());
        RecentAdvice.Shown first = recent.over(week);
        assertTrue(first.advice().isEmpty(), "nothing to show yet");
        CompletableFuture<Advice> computing = first.newer().orElseThrow();
        RecentAdvice.Shown second = recent.over(week);
        assertTrue(second.advice().isEmpty());
        assertSame(computing, second.newer().orElseThrow(), "a second load waits for the same computation");
        assertEquals(1, background.size(), "computed once");

        background.removeFirst().run();
        Advice computed = computing.join();
        assertEquals(week, computed.period());
        assertTrue(tests(computed).contains("ra-long"), tests(computed).toString());
        RecentAdvice.Shown after = recent.over(week);
        assertSame(computed, after.advice().orElseThrow(), "kept for the loads after it");
        assertTrue(after.newer().isEmpty());
    }

    @Test
    void aRecomputeReplacesWhatIsKept() {
        Period day = Period.last(DAY, clock.instant());
        Advice before = recent.over(day).advice().orElseThrow();
        Period sixHours = Period.last(Duration.ofHours(6), clock.instant());
        recent.over(sixHours);
        runs("ra-recomputed");
        assertFalse(tests(recent.over(day).advice().orElseThrow()).contains("ra-recomputed"), "kept: not read again");

        recommendations.recompute(); // what "Recompute now", a saved cost model and the background cycle do
        RecentAdvice.Shown shown = recent.over(day);
        assertNotSame(before, shown.advice().orElseThrow());
        assertTrue(tests(shown.advice().orElseThrow()).contains("ra-recomputed"), "the recompute's advice, at once");
        assertTrue(shown.newer().isEmpty());
        assertTrue(tests(recent.over(sixHours).advice().orElseThrow()).contains("ra-recomputed"),
                "advice of other ranges computed before it is dropped, not shown");
    }

    /** The rows as computed, whenever: two computations of the same data differ in their time only. */
    static List<StoredRecommendation> withoutTime(List<StoredRecommendation> rows) {
        return rows.stream().map(r -> new StoredRecommendation(r.testId(), r.currentTier(), r.recommendedTier(),
                r.placement(), r.reason(), r.evidence(), r.confidence(), r.monthlyCostDeltaUsd(), Instant.EPOCH))
                .toList();
    }
}
