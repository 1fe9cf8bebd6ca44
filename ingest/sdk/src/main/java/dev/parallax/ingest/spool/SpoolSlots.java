package dev.parallax.ingest.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One spool directory shared by every process of an installation, such as the test JVMs Surefire forks: it holds
 * slots {@code slot-0}, {@code slot-1}, ..., each a {@link Spool} locked by the process writing to it. A process
 * claims the first free slot, so parallel processes never share one; a slot is named by its number, not by a
 * process, so what a dead process left behind is claimed and replayed by whichever process comes next.
 */
public final class SpoolSlots {

    private static final String PREFIX = "slot-";

    private final Path root;
    private final long maxBytes;
    private final long segmentBytes;
    private final FsyncPolicy fsync;

    /** Each slot is bounded by {@code maxBytes}. */
    public SpoolSlots(Path root, long maxBytes, long segmentBytes, FsyncPolicy fsync) {
        this.root = root.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
    }

    /** The first slot no other process holds, created when all are taken. */
    public Spool claim() {
        for (int slot = 0; ; slot++) {
            Optional<Spool> spool = Spool.tryOpen(root.resolve(PREFIX + slot), maxBytes, segmentBytes, fsync);
            if (spool.isPresent()) return spool.get();
        }
    }

    /**
     * The slots other than {@code own} that hold records and no process holds: left by processes that ended while
     * Kafka was away. The caller replays and closes them. The root itself counts as one when it holds segments: a
     * spool written before there were slots.
     */
    public List<Spool> claimLeftovers(Spool own) {
        List<Spool> leftovers = new ArrayList<>();
        for (Path dir : slotDirectories()) {
            if (dir.equals(own.directory())) continue;
            Spool.tryOpen(dir, maxBytes, segmentBytes, fsync).ifPresent(spool -> {
                if (spool.isEmpty()) {
                    spool.close();
                } else {
                    leftovers.add(spool);
                }
            });
        }
        return leftovers;
    }

    public Path root() {
        return root;
    }

    private List<Path> slotDirectories() {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> slots = new ArrayList<>();
            List<Path> all = entries.sorted().toList();
            if (all.stream().anyMatch(p -> p.getFileName().toString().endsWith(".seg"))) slots.add(root);
            all.stream().filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p))
                    .forEach(slots::add);
            return slots;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list spool slots in " + root, e);
        }
    }
}
