package dev.parallax.ui.security;

import java.time.Duration;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in through a {@link SignInThrottle}: a locked user or address is refused before the password is
 * even checked ({@link LockedException}, so the refusal does not tell whether the password was right), and every
 * wrong password counts.
 */
final class ThrottledSignIn implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final SignInThrottle throttle;

    ThrottledSignIn(AuthenticationProvider passwords, SignInThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String user = attempt.getName();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null
                ? web.getRemoteAddress() : "unknown";
        Optional<Duration> locked = throttle.lockedFor(user, address);
        if (locked.isPresent()) {
            throw new LockedException("Too many wrong passwords: try again in " + Math.max(1, locked.get().toSeconds()) + " s");
        }
        try {
            Authentication result = passwords.authenticate(attempt);
            if (result != null && result.isAuthenticated()) throttle.succeeded(user);
            return result;
        } catch (BadCredentialsException e) {
            throttle.failed(user, address);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
    }
}
