package dev.parallax.ui.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Wrong passwords counted per user name and per client address. After {@code userLimit} failures in a row for a
 * user (or {@code addressLimit} from one address, over all names) further sign-ins are refused, even with the right
 * password, for a lock that starts at {@code firstLock} and doubles with every further failure up to
 * {@code maxLock}. A success clears the user's count; an address's count is cleared by a quiet
 * {@code maxLock}. Guessing a password then takes years instead of minutes; the price is that someone who knows a
 * user name can keep that user locked out for a while, which is why locks are short and capped. Memory is bounded:
 * beyond {@code capacity} names or addresses the least recently seen is forgotten.
 */
public final class SignInThrottle {

    private static final int CAPACITY = 10_000;

    private final Clock clock;
    private final int userLimit;
    private final int addressLimit;
    private final Duration firstLock;
    private final Duration maxLock;
    private final Map<String, Failures> byUser = lru();
    private final Map<String, Failures> byAddress = lru();

    public SignInThrottle(Clock clock, int userLimit, int addressLimit, Duration firstLock, Duration maxLock) {
        this.clock = clock;
        this.userLimit = userLimit;
        this.addressLimit = addressLimit;
        this.firstLock = firstLock;
        this.maxLock = maxLock;
    }

    /** How long until this user may try again from this address, when either is locked now. */
    public synchronized Optional<Duration> lockedFor(String user, String address) {
        Instant now = clock.instant();
        Instant until = later(lockEnd(byUser.get(key(user))), lockEnd(byAddress.get(address)));
        return until != null && until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    public synchronized void failed(String user, String address) {
        Instant now = clock.instant();
        count(byUser, key(user), userLimit, now);
        count(byAddress, address, addressLimit, now);
    }

    public synchronized void succeeded(String user) {
        byUser.remove(key(user));
    }

    private void count(Map<String, Failures> failures, String key, int limit, Instant now) {
        Failures previous = failures.get(key);
        if (previous != null && previous.last().plus(maxLock).isBefore(now)) previous = null; // forgiven by a quiet spell
        int count = previous == null ? 1 : previous.count() + 1;
        Instant lockedUntil = null;
        if (count >= limit) {
            int doublings = Math.min(count - limit, 30);
            Duration lock = firstLock.multipliedBy(1L << doublings);
            lockedUntil = now.plus(lock.compareTo(maxLock) > 0 ? maxLock : lock);
        }
        failures.put(key, new Failures(count, now, lockedUntil));
    }

    private static Instant lockEnd(Failures failures) {
        return failures == null ? null : failures.lockedUntil();
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }

    /** User names are compared as the user details service does: the in-memory one ignores case. */
    private static String key(String user) {
        return user == null ? "" : user.strip().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Failures> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > CAPACITY;
            }
        };
    }

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }
}
