package dev.parallax.contract.derived;

/** A column of a derived table: its name, and its ClickHouse type as the migrations create it. */
public record Column(String name, String type) {
}
