package dev.parallax.clickhouse.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Downcall handles for the part of chDB's C API ({@code chdb.h}) the engine uses.
 *
 * <p>Handles are invoked with {@code invokeExact}, so each wrapper method fixes the exact Java signature.
 * {@link Throwable}s from the linker are programming errors and surface as {@link IllegalStateException}.
 */
final class ChdbLibrary {

    private final MethodHandle connect;
    private final MethodHandle closeConnection;
    private final MethodHandle query;
    private final MethodHandle queryWithParams;
    private final MethodHandle resultBuffer;
    private final MethodHandle resultLength;
    private final MethodHandle resultError;
    private final MethodHandle resultElapsed;
    private final MethodHandle resultRowsRead;
    private final MethodHandle resultBytesRead;
    private final MethodHandle resultRowsWritten;
    private final MethodHandle resultBytesWritten;
    private final MethodHandle destroyResult;

    private ChdbLibrary(SymbolLookup lookup) {
        Linker linker = Linker.nativeLinker();
        connect = handle(linker, lookup, "chdb_connect", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
        closeConnection = handle(linker, lookup, "chdb_close_conn", FunctionDescriptor.ofVoid(ADDRESS));
        query = handle(linker, lookup, "chdb_query_n",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        queryWithParams = handle(linker, lookup, "chdb_query_with_params_n",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG,
                        ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        resultBuffer = handle(linker, lookup, "chdb_result_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultLength = handle(linker, lookup, "chdb_result_length", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultError = handle(linker, lookup, "chdb_result_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultElapsed = handle(linker, lookup, "chdb_result_elapsed", FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS));
        resultRowsRead = handle(linker, lookup, "chdb_result_rows_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultBytesRead = handle(linker, lookup, "chdb_result_bytes_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultRowsWritten = handle(linker, lookup, "chdb_result_rows_written",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultBytesWritten = handle(linker, lookup, "chdb_result_bytes_written",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        destroyResult = handle(linker, lookup, "chdb_destroy_query_result", FunctionDescriptor.ofVoid(ADDRESS));
    }

    /** Loads {@code libchdb.so} for the life of the process (chDB cannot be unloaded safely). */
    static ChdbLibrary load(Path library) {
        if (!Files.isRegularFile(library)) {
            throw new IllegalArgumentException("chDB library not found at " + library
                    + " (./parallax installs it; or set PARALLAX_CHDB_LIBRARY / --chdb-library)");
        }
        return new ChdbLibrary(SymbolLookup.libraryLookup(library, Arena.global()));
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new IllegalStateException("chDB library lacks symbol " + name));
        return linker.downcallHandle(symbol, descriptor);
    }

    /** {@code chdb_connection* chdb_connect(int argc, char** argv)}; NULL on failure. */
    MemorySegment connect(int argc, MemorySegment argv) {
        try {
            return (MemorySegment) connect.invokeExact(argc, argv);
        } catch (Throwable t) {
            throw rethrow("chdb_connect", t);
        }
    }

    void closeConnection(MemorySegment connectionHolder) {
        try {
            closeConnection.invokeExact(connectionHolder);
        } catch (Throwable t) {
            throw rethrow("chdb_close_conn", t);
        }
    }

    MemorySegment query(MemorySegment connection, MemorySegment sql, long sqlLength, MemorySegment format,
                        long formatLength) {
        try {
            return (MemorySegment) query.invokeExact(connection, sql, sqlLength, format, formatLength);
        } catch (Throwable t) {
            throw rethrow("chdb_query_n", t);
        }
    }

    MemorySegment queryWithParams(MemorySegment connection, MemorySegment sql, long sqlLength, MemorySegment format,
                                  long formatLength, MemorySegment names, MemorySegment nameLengths,
                                  MemorySegment values, MemorySegment valueLengths, long count) {
        try {
            return (MemorySegment) queryWithParams.invokeExact(connection, sql, sqlLength, format, formatLength,
                    names, nameLengths, values, valueLengths, count);
        } catch (Throwable t) {
            throw rethrow("chdb_query_with_params_n", t);
        }
    }

    MemorySegment resultBuffer(MemorySegment result) {
        try {
            return (MemorySegment) resultBuffer.invokeExact(result);
        } catch (Throwable t) {
            throw rethrow("chdb_result_buffer", t);
        }
    }

    long resultLength(MemorySegment result) {
        try {
            return (long) resultLength.invokeExact(result);
        } catch (Throwable t) {
            throw rethrow("chdb_result_length", t);
        }
    }

    /** The error message, or NULL when the query succeeded. */
    MemorySegment resultError(MemorySegment result) {
        try {
            return (MemorySegment) resultError.invokeExact(result);
        } catch (Throwable t) {
            throw rethrow("chdb_result_error", t);
        }
    }

    double resultElapsedSeconds(MemorySegment result) {
        try {
            return (double) resultElapsed.invokeExact(result);
        } catch (Throwable t) {
            throw rethrow("chdb_result_elapsed", t);
        }
    }

    long resultRowsRead(MemorySegment result) {
        return counter(resultRowsRead, "chdb_result_rows_read", result);
    }

    long resultBytesRead(MemorySegment result) {
        return counter(resultBytesRead, "chdb_result_bytes_read", result);
    }

    long resultRowsWritten(MemorySegment result) {
        return counter(resultRowsWritten, "chdb_result_rows_written", result);
    }

    long resultBytesWritten(MemorySegment result) {
        return counter(resultBytesWritten, "chdb_result_bytes_written", result);
    }

    void destroyResult(MemorySegment result) {
        try {
            destroyResult.invokeExact(result);
        } catch (Throwable t) {
            throw rethrow("chdb_destroy_query_result", t);
        }
    }

    private static long counter(MethodHandle handle, String name, MemorySegment result) {
        try {
            return (long) handle.invokeExact(result);
        } catch (Throwable t) {
            throw rethrow(name, t);
        }
    }

    private static IllegalStateException rethrow(String function, Throwable t) {
        return new IllegalStateException("native call " + function + " failed", t);
    }
}
