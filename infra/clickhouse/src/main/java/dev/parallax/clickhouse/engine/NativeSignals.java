package dev.parallax.clickhouse.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The JVM's handlers for the signals it uses internally, saved so they can be put back after chDB installs its own.
 *
 * <p>The JVM relies on SIGSEGV/SIGBUS/SIGILL/SIGFPE/SIGTRAP for implicit null checks, safepoints and
 * deoptimisation. {@code chdb_connect} replaces those handlers with ClickHouse's crash reporters, after which the
 * JVM hangs or dies on its first implicit null check. libc's {@code sigaction} treats the struct opaquely here:
 * it is copied out and back byte for byte.
 */
final class NativeSignals {

    private static final int SIGILL = 4;
    private static final int SIGTRAP = 5;
    private static final int SIGBUS = 7;
    private static final int SIGFPE = 8;
    private static final int SIGSEGV = 11;
    private static final int[] JVM_SIGNALS = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP};
    /** glibc's struct sigaction is 152 bytes on x86-64 and aarch64; leave generous room. */
    private static final long SIGACTION_BYTES = 256;

    private static final MethodHandle SIGACTION = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("sigaction").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    private final MemorySegment[] saved = new MemorySegment[JVM_SIGNALS.length];

    private NativeSignals(Arena arena) {
        for (int i = 0; i < JVM_SIGNALS.length; i++) {
            saved[i] = arena.allocate(SIGACTION_BYTES);
            call(JVM_SIGNALS[i], MemorySegment.NULL, saved[i]);
        }
    }

    /** Snapshots the current handlers; the snapshot lives as long as {@code arena}. */
    static NativeSignals save(Arena arena) {
        return new NativeSignals(arena);
    }

    /** Puts the snapshotted handlers back. */
    void restore() {
        for (int i = 0; i < JVM_SIGNALS.length; i++) {
            call(JVM_SIGNALS[i], saved[i], MemorySegment.NULL);
        }
    }

    private static void call(int signal, MemorySegment act, MemorySegment oldAct) {
        int rc;
        try {
            rc = (int) SIGACTION.invokeExact(signal, act, oldAct);
        } catch (Throwable t) {
            throw new IllegalStateException("sigaction(" + signal + ") failed", t);
        }
        if (rc != 0) throw new IllegalStateException("sigaction(" + signal + ") returned " + rc);
    }
}
