package dev.parallax.contract.derived;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The ClickHouse type of a derived row's column, as the migrations create it ({@code DerivedTablesTest} holds
 * them to it). The column's name is the component's, in snake case.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface ColumnType {
    String value();
}
