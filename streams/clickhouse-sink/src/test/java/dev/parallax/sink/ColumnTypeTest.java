package dev.parallax.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ColumnTypeTest {

    @Test
    void jsonShapedValuesBecomeWhatTheDriverBinds() {
        assertEquals(Instant.ofEpochMilli(1_795_428_000_123L),
                ColumnType.converter("DateTime64(3, 'UTC')").apply(1_795_428_000_123L));
        UUID id = UUID.randomUUID();
        assertEquals(id, ColumnType.converter("UUID").apply(id.toString()));
        assertEquals(Double.POSITIVE_INFINITY, ColumnType.converter("Nullable(Float64)").apply("Infinity"));
        assertEquals(1, ColumnType.converter("UInt8").apply(true));
        assertEquals(0, ColumnType.converter("UInt8").apply(false));
        assertEquals(42L, ColumnType.converter("UInt64").apply("42"));
        assertEquals(List.of(1.5, 2.0), ColumnType.converter("Array(Float32)").apply(List.of("1.5", 2.0)));
        assertEquals("INT8", ColumnType.converter("LowCardinality(String)").apply("INT8"));
    }

    @Test
    void plainJavaValuesPassThrough() {
        Instant now = Instant.now();
        float[] logits = {1f, -2f};
        assertEquals(now, ColumnType.converter("DateTime64(3, 'UTC')").apply(now));
        assertArrayEquals(logits, (float[]) ColumnType.converter("Array(Float32)").apply(logits));
        assertEquals(Map.of("k", "v"), ColumnType.converter("Map(String, String)").apply(Map.of("k", "v")));
    }

    @Test
    void missingValuesAreNullWhenNullableElseTheTypesZero() {
        assertNull(ColumnType.converter("Nullable(Float64)").apply(null));
        assertNull(ColumnType.converter("LowCardinality(Nullable(String))").apply(null));
        assertEquals(0.0, ColumnType.converter("Float64").apply(null));
        assertEquals(0, ColumnType.converter("UInt64").apply(null));
        assertEquals("", ColumnType.converter("String").apply(null));
        assertEquals(Instant.EPOCH, ColumnType.converter("DateTime64(3, 'UTC')").apply(null));
        assertEquals(List.of(), ColumnType.converter("Array(Float32)").apply(null));
        assertEquals(Map.of(), ColumnType.converter("Map(String, String)").apply(null));
        assertEquals(new UUID(0, 0), ColumnType.converter("UUID").apply(null));
    }

    @Test
    void aValueThatCannotFitSaysSo() {
        assertThrows(NumberFormatException.class, () -> ColumnType.converter("UInt32").apply("many"));
        assertThrows(IllegalArgumentException.class, () -> ColumnType.converter("UUID").apply("not-a-uuid"));
    }
}
