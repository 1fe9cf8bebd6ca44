package dev.parallax.ui.security;

import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.parallax.insights.access.Actor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/** The signed-in user, for audit trails (who acknowledged) and role checks in views. */
@Component
@ConditionalOnWebApplication // people sign in to the UI only; the headless insights service has none
public class CurrentUser implements Actor {

    private final AuthenticationContext context;

    public CurrentUser(AuthenticationContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return context.getPrincipalName().orElseThrow(() -> new IllegalStateException("nobody is signed in"));
    }

    public boolean hasRole(String role) {
        return context.hasRole(role);
    }

    /**
     * For the services behind the views' buttons: a hidden button is no protection against a crafted request, so
     * an action checks its role where it runs.
     *
     * @throws AccessDeniedException unless someone with {@code role} is signed in
     */
    @Override
    public void require(String role, String action) {
        if (!context.isAuthenticated() || !context.hasRole(role)) {
            throw new AccessDeniedException(context.getPrincipalName().orElse("nobody signed in") + " may not "
                    + action + " (needs role " + role + ")");
        }
    }

    public void signOut() {
        context.logout();
    }
}
