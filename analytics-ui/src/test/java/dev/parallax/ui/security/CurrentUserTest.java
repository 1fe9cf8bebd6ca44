package dev.parallax.ui.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parallax.insights.access.Roles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;

/** The signed-in user as the insights services see it: their role checks refuse whoever lacks the role. */
class CurrentUserTest {

    @AfterEach
    void signOut() {
        SignedIn.nobody();
    }

    @Test
    void anActionNeedsItsRole() {
        SignedIn.as("vera", Roles.VIEWER);
        AccessDeniedException refused = assertThrows(AccessDeniedException.class,
                () -> SignedIn.currentUser().require(Roles.OPERATOR, "generate reports"));
        assertEquals("vera may not generate reports (needs role OPERATOR)", refused.getMessage());
        SignedIn.as("olga", Roles.OPERATOR, Roles.VIEWER);
        assertDoesNotThrow(() -> SignedIn.currentUser().require(Roles.OPERATOR, "generate reports"));
        assertEquals("olga", SignedIn.currentUser().name());
    }

    @Test
    void nobodySignedInMayDoNothing() {
        SignedIn.nobody();
        assertThrows(AccessDeniedException.class, () -> SignedIn.currentUser().require(Roles.VIEWER, "read"));
    }
}
