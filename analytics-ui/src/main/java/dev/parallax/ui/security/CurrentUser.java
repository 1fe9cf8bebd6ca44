package dev.parallax.ui.security;

import com.vaadin.flow.spring.security.AuthenticationContext;
import org.springframework.stereotype.Component;

/** The signed-in user, for audit trails (who acknowledged) and role checks in views. */
@Component
public class CurrentUser {

    private final AuthenticationContext context;

    public CurrentUser(AuthenticationContext context) {
        this.context = context;
    }

    public String name() {
        return context.getPrincipalName().orElseThrow(() -> new IllegalStateException("nobody is signed in"));
    }

    public boolean hasRole(String role) {
        return context.hasRole(role);
    }

    public void signOut() {
        context.logout();
    }
}
