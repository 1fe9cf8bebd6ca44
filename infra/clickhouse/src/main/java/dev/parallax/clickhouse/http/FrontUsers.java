package dev.parallax.clickhouse.http;

import dev.parallax.config.ClickHouseAccess;
import dev.parallax.config.ClickHouseLogin;
import dev.parallax.config.ClickHouseRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The users the front accepts: optionally an owner, with every privilege the {@link StatementPolicy} leaves (what
 * tests and a single-user set-up use), and a user per {@link ClickHouseRole}, held to that role's grants as a server
 * holds it ({@link Grants}, from {@link ClickHouseAccess#definitions()}). chDB itself has no users: it runs
 * everything with the rights of this process, so the front is where a service's user is told apart from another's.
 */
public final class FrontUsers {

    /** A signed-in user and the grants its statements are held to. */
    record User(String name, Grants grants) {
    }

    private record Account(Credentials credentials, Grants grants) {
    }

    private final List<Account> accounts;

    private FrontUsers(List<Account> accounts) {
        this.accounts = List.copyOf(accounts);
    }

    /** An owner with every privilege, and no role users (yet). */
    public static FrontUsers owner(Credentials owner) {
        return new FrontUsers(List.of(new Account(owner, Grants.ALL)));
    }

    /** No owner: only role users (add them with {@link #withRole}). */
    public static FrontUsers rolesOnly() {
        return new FrontUsers(List.of());
    }

    /** These users and {@code login}, held to {@code role}'s grants. */
    public FrontUsers withRole(ClickHouseRole role, ClickHouseLogin login) {
        Grants grants = Grants.parse(ClickHouseAccess.definitions()).get(role.roleName());
        if (grants == null) throw new IllegalStateException("the access definitions do not create " + role.roleName());
        if (accounts.stream().anyMatch(a -> a.credentials().user().equals(login.user()))) {
            throw new IllegalArgumentException("two users named " + login.user());
        }
        List<Account> more = new ArrayList<>(accounts);
        more.add(new Account(new Credentials(login.user(), login.password()), grants));
        return new FrontUsers(more);
    }

    boolean isEmpty() {
        return accounts.isEmpty();
    }

    /** The user these credentials sign in, comparing with every account in constant time. */
    Optional<User> authenticate(String user, String password) {
        Account match = null;
        for (Account account : accounts) {
            if (account.credentials().accepts(user, password)) match = account;
        }
        return Optional.ofNullable(match).map(a -> new User(a.credentials().user(), a.grants()));
    }

    @Override
    public String toString() {
        return "FrontUsers" + accounts.stream().map(a -> a.credentials().user()).toList();
    }
}
