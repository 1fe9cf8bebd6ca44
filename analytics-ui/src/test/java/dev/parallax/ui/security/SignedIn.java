package dev.parallax.ui.security;

import com.vaadin.flow.spring.security.AuthenticationContext;
import java.util.Arrays;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** Runs code as a signed-in user with roles, the way Spring Security's filter leaves the request thread. */
public final class SignedIn {

    private SignedIn() {
    }

    /** The current user for services, backed by Vaadin's real {@link AuthenticationContext}. */
    public static CurrentUser currentUser() {
        return new CurrentUser(new AuthenticationContext());
    }

    public static void as(String name, String... roles) {
        var authorities = Arrays.stream(roles).map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(name, null, authorities));
    }

    public static void nobody() {
        SecurityContextHolder.clearContext();
    }
}
