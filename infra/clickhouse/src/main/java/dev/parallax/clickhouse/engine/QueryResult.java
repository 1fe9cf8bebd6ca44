package dev.parallax.clickhouse.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A successful query's output, still in native memory. Write it out, then close it to free the engine's buffer;
 * results can be large, so they are streamed rather than copied onto the heap.
 */
public final class QueryResult implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;

    private final ChdbLibrary library;
    private final MemorySegment handle;
    private final MemorySegment data;
    private final QueryStatistics statistics;
    private boolean closed;

    QueryResult(ChdbLibrary library, MemorySegment handle) {
        this.library = library;
        this.handle = handle;
        long length = library.resultLength(handle);
        this.data = length == 0 ? MemorySegment.NULL : library.resultBuffer(handle).reinterpret(length);
        this.statistics = new QueryStatistics(library.resultRowsRead(handle), library.resultBytesRead(handle),
                library.resultRowsWritten(handle), library.resultBytesWritten(handle),
                Math.round(library.resultElapsedSeconds(handle) * 1e9));
    }

    public long length() {
        return data.byteSize();
    }

    public QueryStatistics statistics() {
        return statistics;
    }

    public void writeTo(OutputStream out) throws IOException {
        ensureOpen();
        byte[] chunk = new byte[(int) Math.min(CHUNK, data.byteSize())];
        for (long offset = 0; offset < data.byteSize(); offset += chunk.length) {
            int n = (int) Math.min(chunk.length, data.byteSize() - offset);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    public byte[] toByteArray() {
        ensureOpen();
        return data.toArray(ValueLayout.JAVA_BYTE);
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("query result already closed");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        library.destroyResult(handle);
    }
}
