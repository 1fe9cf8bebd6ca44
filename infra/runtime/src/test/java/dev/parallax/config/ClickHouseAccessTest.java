package dev.parallax.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClickHouseAccessTest {

    @Test
    void definitionsAreStatementsWithoutCommentsOrSemicolons() {
        assertEquals(List.of("CREATE ROLE r", "GRANT SELECT, INSERT ON d.* TO r"),
                ClickHouseAccess.statements("-- a comment\nCREATE ROLE r;\n\nGRANT SELECT,\n    INSERT ON d.* TO r;\n"));
        assertThrows(IllegalStateException.class, () -> ClickHouseAccess.statements("CREATE ROLE r"));
        List<String> shipped = ClickHouseAccess.definitions();
        for (ClickHouseRole role : ClickHouseRole.values()) {
            assertTrue(shipped.contains("CREATE ROLE IF NOT EXISTS " + role.roleName()), role.roleName());
        }
    }

    @Test
    void aUsersPasswordIsQuotedAsAStringLiteral() {
        List<String> statements = ClickHouseAccess.createUser(ClickHouseRole.UI, new ClickHouseLogin("u`i", "p'w\\"));
        assertEquals(List.of("CREATE USER IF NOT EXISTS `u\\`i` IDENTIFIED WITH sha256_password BY 'p\\'w\\\\'",
                "GRANT parallax_ui TO `u\\`i`",
                "ALTER USER `u\\`i` IDENTIFIED WITH sha256_password BY 'p\\'w\\\\' DEFAULT ROLE parallax_ui"), statements);
    }
}
