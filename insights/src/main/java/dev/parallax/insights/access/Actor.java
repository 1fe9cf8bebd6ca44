package dev.parallax.insights.access;

/**
 * Who asks a service for an action, as the UI knows them: the signed-in user. A hidden button is no protection
 * against a crafted request, so an action checks the role where it runs.
 */
public interface Actor {

    /** The name audit trails keep (who acknowledged, who recomputed). */
    String name();

    /**
     * @throws RuntimeException (the UI's: Spring Security's {@code AccessDeniedException}) unless the actor is
     *                          signed in with {@code role}
     */
    void require(String role, String action);
}
