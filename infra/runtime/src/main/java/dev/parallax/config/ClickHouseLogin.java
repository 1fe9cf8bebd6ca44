package dev.parallax.config;

import java.util.Objects;

/** A ClickHouse user and its password. */
public record ClickHouseLogin(String user, String password) {

    public ClickHouseLogin {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "ClickHouseLogin[user=" + user + ", password=***]";
    }
}
