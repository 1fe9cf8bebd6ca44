package dev.parallax.analytics.alert;

import dev.parallax.analytics.alert.FleetSnapshot.DeadLetterCount;
import java.time.Instant;
import java.util.List;

/** Snapshot builders for rule tests: everything empty unless given. */
final class Snapshots {

    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private Snapshots() {
    }

    static FleetSnapshot latency(FleetSnapshot.LatencySeries... series) {
        return new FleetSnapshot(NOW, List.of(series), List.of(), List.of(), List.of(), List.of(), List.of(),
                DeadLetterCount.NONE);
    }

    static FleetSnapshot tiers(FleetSnapshot.TierComparison... tiers) {
        return new FleetSnapshot(NOW, List.of(), List.of(tiers), List.of(), List.of(), List.of(), List.of(),
                DeadLetterCount.NONE);
    }

    static FleetSnapshot drift(FleetSnapshot.DriftSample... samples) {
        return new FleetSnapshot(NOW, List.of(), List.of(), List.of(samples), List.of(), List.of(), List.of(),
                DeadLetterCount.NONE);
    }

    static FleetSnapshot divergence(FleetSnapshot.DivergenceSeries... series) {
        return new FleetSnapshot(NOW, List.of(), List.of(), List.of(), List.of(series), List.of(), List.of(),
                DeadLetterCount.NONE);
    }

    static FleetSnapshot throttle(FleetSnapshot.ThrottleShare... shares) {
        return new FleetSnapshot(NOW, List.of(), List.of(), List.of(), List.of(), List.of(shares), List.of(),
                DeadLetterCount.NONE);
    }

    static FleetSnapshot devices(FleetSnapshot.DeviceLastSeen... devices) {
        return new FleetSnapshot(NOW, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(devices),
                DeadLetterCount.NONE);
    }

    static FleetSnapshot deadLetters(long count) {
        return new FleetSnapshot(NOW, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                new DeadLetterCount(count, "length mismatch"));
    }
}
