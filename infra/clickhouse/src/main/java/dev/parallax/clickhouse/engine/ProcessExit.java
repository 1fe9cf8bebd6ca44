package dev.parallax.clickhouse.engine;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Ends a process that has loaded chDB. A normal JVM exit runs the library's static destructors and atexit
 * handlers, which hang or crash after real work; libc's {@code _exit} skips them. Close the engine first: its
 * connections flush what is committed.
 */
public final class ProcessExit {

    private static final MethodHandle EXIT = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("_exit").orElseThrow(),
            FunctionDescriptor.ofVoid(JAVA_INT));

    private ProcessExit() {
    }

    /** Terminates the process at once with {@code status}; never returns. */
    public static void now(int status) {
        System.out.flush();
        System.err.flush();
        try {
            EXIT.invokeExact(status);
        } catch (Throwable t) {
            Runtime.getRuntime().halt(status);
        }
    }
}
