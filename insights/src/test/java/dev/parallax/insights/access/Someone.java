package dev.parallax.insights.access;

import java.util.Set;

/** An actor with fixed roles, for the services' role checks; the UI's signed-in user is tested with the UI. */
public record Someone(String name, Set<String> roles) implements Actor {

    /** Nobody signed in: may do nothing. */
    public static final Someone NOBODY = new Someone("nobody signed in", Set.of());

    public static Someone as(String name, String... roles) {
        return new Someone(name, Set.of(roles));
    }

    @Override
    public void require(String role, String action) {
        if (!roles.contains(role)) {
            throw new SecurityException(name + " may not " + action + " (needs role " + role + ")");
        }
    }
}
