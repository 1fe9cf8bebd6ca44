package dev.parallax.insights.access;

/** Who may do what: viewers read, operators acknowledge alerts and edit rules, admins also set budgets and costs. */
public final class Roles {

    public static final String VIEWER = "VIEWER";
    public static final String OPERATOR = "OPERATOR";
    public static final String ADMIN = "ADMIN";

    private Roles() {
    }
}
