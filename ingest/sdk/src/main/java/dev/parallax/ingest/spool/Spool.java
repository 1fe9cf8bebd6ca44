package dev.parallax.ingest.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A bounded, append-only, on-disk FIFO of byte records that survives process crashes.
 *
 * <p>Records are appended to segment files ({@code <20-digit id>.seg}) as frames of
 * {@code [int length][int CRC32C][payload]}. A reader takes records from the committed position with
 * {@link #read} and moves that position with {@link #commit} once it has dealt with them (at-least-once: whatever
 * was read but not committed before a crash is read again). The position lives in the file {@code cursor};
 * segments behind it are deleted. On open, a frame torn by a crash in the middle of an append is cut off.
 *
 * <p>The spool is bounded by {@code maxBytes} on disk: {@link #append} refuses a record that does not fit and the
 * caller decides what that means. All methods are thread-safe.
 */
public final class Spool implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Spool.class.getName());
    private static final int HEADER = 8;
    private static final String SUFFIX = ".seg";
    /**
     * Spools open in this JVM. Another channel on a lock file this JVM holds must never be opened: closing it would
     * drop the JVM's lock (POSIX locks belong to the process, not the channel).
     */
    private static final Set<Path> OPEN_HERE = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final FsyncPolicy fsync;
    /** Segment id to its size in bytes, oldest first; the last one is being written. */
    private final TreeMap<Long, Long> segments = new TreeMap<>();
    private long totalBytes;
    private FileChannel writer;
    private FileChannel lockFile;
    private long lastSyncNanos = System.nanoTime();
    private boolean unsynced;
    private SpoolPosition cursor;
    private long readSegment = -1;
    private FileChannel reader;

    private Spool(Path dir, long maxBytes, long segmentBytes, FsyncPolicy fsync) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
    }

    /**
     * Opens (or creates) the spool in {@code dir}.
     *
     * @param maxBytes     most bytes the spool may hold on disk
     * @param segmentBytes size at which a new segment file is started; consumed segments are deleted whole
     */
    public static Spool open(Path dir, long maxBytes, long segmentBytes, FsyncPolicy fsync) {
        return tryOpen(dir, maxBytes, segmentBytes, fsync).orElseThrow(() -> new IllegalStateException(
                "spool " + dir + " is in use by another process; give each runner its own spool directory"));
    }

    /**
     * Opens the spool in {@code dir} unless another process (or another spool of this JVM) holds it.
     *
     * @return empty when the directory is in use
     */
    public static Optional<Spool> tryOpen(Path dir, long maxBytes, long segmentBytes, FsyncPolicy fsync) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(fsync, "fsync");
        if (segmentBytes < 1024 || maxBytes < segmentBytes) {
            throw new IllegalArgumentException("need 1 KiB <= segmentBytes <= maxBytes, got segmentBytes=" + segmentBytes
                    + " maxBytes=" + maxBytes);
        }
        Spool spool = new Spool(dir.toAbsolutePath(), maxBytes, segmentBytes, fsync);
        if (!OPEN_HERE.add(spool.dir)) return Optional.empty();
        boolean opened = false;
        try {
            if (spool.lock()) {
                spool.recover();
                opened = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open spool in " + dir, e);
        } finally {
            if (!opened) OPEN_HERE.remove(spool.dir);
        }
        return opened ? Optional.of(spool) : Optional.empty();
    }

    /** Appends one record; false when it would take the spool over its bound (nothing is written then). */
    public synchronized boolean append(byte[] payload) {
        long frame = HEADER + (long) payload.length;
        if (totalBytes + frame > maxBytes) return false;
        try {
            if (writeSize() > 0 && writeSize() + frame > segmentBytes) {
                roll();
            }
            CRC32C crc = new CRC32C();
            crc.update(payload);
            ByteBuffer buffer = ByteBuffer.allocate((int) frame).putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
            while (buffer.hasRemaining()) writer.write(buffer);
            segments.put(segments.lastKey(), writeSize() + frame);
            totalBytes += frame;
            unsynced = true;
            syncIfDue();
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to spool " + dir, e);
        }
    }

    /** Up to {@code maxEntries} records from the committed position on, oldest first, without consuming them. */
    public synchronized List<SpoolEntry> read(int maxEntries) {
        List<SpoolEntry> entries = new ArrayList<>(Math.min(maxEntries, 1024));
        SpoolPosition position = cursor;
        try {
            while (entries.size() < maxEntries) {
                long size = segments.getOrDefault(position.segment(), 0L);
                if (position.offset() >= size) {
                    Long next = segments.higherKey(position.segment());
                    if (next == null) break;
                    position = new SpoolPosition(next, 0);
                    continue;
                }
                byte[] payload = readFrame(position, size);
                if (payload == null) {
                    // Damaged bytes inside a finished segment: nothing after them in it can be trusted.
                    LOG.log(System.Logger.Level.ERROR, "spool {0}: damaged record in segment {1} at offset {2};"
                            + " the rest of that segment is skipped", dir, position.segment(), position.offset());
                    position = new SpoolPosition(position.segment(), size);
                    if (entries.isEmpty()) commit(position);
                    continue;
                }
                position = new SpoolPosition(position.segment(), position.offset() + HEADER + payload.length);
                entries.add(new SpoolEntry(payload, position));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spool " + dir, e);
        }
        return entries;
    }

    /** Marks everything before {@code next} as consumed, deleting the segments it leaves behind. */
    public synchronized void commit(SpoolPosition next) {
        if (next.compareTo(cursor) <= 0) return;
        try {
            cursor = next;
            long writing = segments.lastKey();
            while (segments.firstKey() < Math.min(cursor.segment(), writing)) {
                deleteSegment(segments.firstKey());
            }
            if (cursor.segment() == writing && cursor.offset() >= writeSize() && writeSize() > 0) {
                // Drained: start afresh so the disk space of the last segment comes back too.
                roll();
                deleteSegment(writing);
                cursor = new SpoolPosition(segments.lastKey(), 0);
            }
            writeCursor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit spool position in " + dir, e);
        }
    }

    public synchronized boolean isEmpty() {
        return cursor.segment() == segments.lastKey() && cursor.offset() >= writeSize();
    }

    /** Bytes the spool occupies on disk (what its bound applies to). */
    public synchronized long bytes() {
        return totalBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public Path directory() {
        return dir;
    }

    /** Forces appended records to disk regardless of the policy. */
    public synchronized void sync() {
        try {
            if (unsynced && writer != null) {
                writer.force(false);
                unsynced = false;
                lastSyncNanos = System.nanoTime();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync spool " + dir, e);
        }
    }

    @Override
    public synchronized void close() {
        if (writer == null) return;
        sync();
        try {
            writer.close();
            if (reader != null) reader.close();
            lockFile.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close spool " + dir, e);
        } finally {
            writer = null;
            reader = null;
            OPEN_HERE.remove(dir);
        }
    }

    /** One writer per directory: a second runner on the same spool would interleave frames. */
    private boolean lock() throws IOException {
        Files.createDirectories(dir);
        // The OS drops the lock when the process dies, however it dies.
        lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (lockFile.tryLock() != null) return true;
        lockFile.close();
        return false;
    }

    private void recover() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).forEach(f -> {
                String name = f.getFileName().toString();
                try {
                    segments.put(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), Files.size(f));
                } catch (NumberFormatException | IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "spool {0}: ignoring unexpected file {1}", dir, name);
                }
            });
        }
        SpoolPosition saved = readCursor();
        if (segments.isEmpty()) {
            long first = saved == null ? 0 : saved.segment() + 1;
            segments.put(first, 0L);
        }
        long last = segments.lastKey();
        writer = FileChannel.open(segmentPath(last), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long valid = validLength(last);
        if (valid < segments.get(last)) {
            LOG.log(System.Logger.Level.WARNING, "spool {0}: cutting off {1} bytes of a record torn by a crash",
                    dir, segments.get(last) - valid);
            writer.truncate(valid);
            segments.put(last, valid);
        }
        writer.position(valid);
        totalBytes = segments.values().stream().mapToLong(Long::longValue).sum();
        SpoolPosition oldest = new SpoolPosition(segments.firstKey(), 0);
        cursor = saved == null || saved.compareTo(oldest) < 0 ? oldest : saved;
        if (cursor.segment() > last || (cursor.segment() == last && cursor.offset() > valid)) {
            cursor = new SpoolPosition(last, valid);
        }
    }

    /** Length of the prefix of a segment made of whole, intact frames. */
    private long validLength(long segment) throws IOException {
        long size = segments.get(segment);
        long offset = 0;
        while (offset < size) {
            byte[] payload = readFrame(new SpoolPosition(segment, offset), size);
            if (payload == null) break;
            offset += HEADER + payload.length;
        }
        return offset;
    }

    /** The payload of the frame at {@code position}, or null when the frame is incomplete or damaged. */
    private byte[] readFrame(SpoolPosition position, long segmentSize) throws IOException {
        if (segmentSize - position.offset() < HEADER) return null;
        FileChannel channel = readerFor(position.segment());
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(channel, header, position.offset());
        int length = header.getInt(0);
        int expectedCrc = header.getInt(4);
        if (length < 0 || length > segmentSize - position.offset() - HEADER) return null;
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(channel, payload, position.offset() + HEADER);
        CRC32C crc = new CRC32C();
        crc.update(payload.array());
        return (int) crc.getValue() == expectedCrc ? payload.array() : null;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at + buffer.position());
            if (n < 0) throw new IOException("unexpected end of spool segment");
        }
        buffer.flip();
    }

    private FileChannel readerFor(long segment) throws IOException {
        if (segment != readSegment || reader == null) {
            if (reader != null) reader.close();
            reader = FileChannel.open(segmentPath(segment), StandardOpenOption.READ);
            readSegment = segment;
        }
        return reader;
    }

    private void roll() throws IOException {
        sync();
        writer.close();
        long next = segments.lastKey() + 1;
        writer = FileChannel.open(segmentPath(next), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        segments.put(next, 0L);
    }

    private void deleteSegment(long segment) throws IOException {
        if (segment == readSegment && reader != null) {
            reader.close();
            reader = null;
        }
        totalBytes -= segments.remove(segment);
        Files.deleteIfExists(segmentPath(segment));
    }

    private long writeSize() {
        return segments.lastEntry().getValue();
    }

    private void syncIfDue() {
        // Java 17 (the SDK's release) has no pattern switch.
        if (fsync instanceof FsyncPolicy.Always) {
            sync();
        } else if (fsync instanceof FsyncPolicy.Interval interval
                && System.nanoTime() - lastSyncNanos >= interval.period().toNanos()) {
            sync();
        }
    }

    private SpoolPosition readCursor() throws IOException {
        Path file = dir.resolve("cursor");
        if (!Files.exists(file)) return null;
        String[] parts = Files.readString(file).strip().split(" ");
        try {
            return new SpoolPosition(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (RuntimeException e) {
            // A damaged cursor only costs duplicates: replay from the oldest segment.
            LOG.log(System.Logger.Level.WARNING, "spool {0}: unreadable cursor, replaying from the oldest record", dir);
            return null;
        }
    }

    /** Written atomically; a cursor lost to a crash means replaying a few records twice, never losing any. */
    private void writeCursor() throws IOException {
        Path tmp = dir.resolve("cursor.tmp");
        Files.writeString(tmp, cursor.segment() + " " + cursor.offset() + "\n");
        Files.move(tmp, dir.resolve("cursor"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Path segmentPath(long segment) {
        return dir.resolve("%020d%s".formatted(segment, SUFFIX));
    }

    @Override
    public String toString() {
        return "Spool[" + dir + ", " + totalBytes + "/" + maxBytes + " bytes]";
    }
}
