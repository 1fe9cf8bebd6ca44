package dev.parallax.ingest.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolSlotsTest {

    @TempDir
    Path root;

    private SpoolSlots slots() {
        return new SpoolSlots(root, 1 << 20, 1024, FsyncPolicy.never());
    }

    @Test
    void aHeldSlotIsNotClaimedTwiceAndAReleasedOneIsReused() {
        Spool first = slots().claim();
        Spool second = slots().claim();
        assertEquals(root.resolve("slot-0"), first.directory());
        assertEquals(root.resolve("slot-1"), second.directory());
        first.close();
        try (Spool third = slots().claim()) {
            assertEquals(root.resolve("slot-0"), third.directory(), "numbered, not keyed by process");
        } finally {
            second.close();
        }
    }

    @Test
    void leftoversAreTheOtherFreeSlotsThatHoldRecords() {
        Spool left = slots().claim();
        Spool emptyLeft = slots().claim();
        Spool held = slots().claim();
        left.append(new byte[] {1});
        held.append(new byte[] {2});
        left.close();
        emptyLeft.close();
        try (Spool own = slots().claim()) {
            assertEquals(root.resolve("slot-0"), own.directory(), "a slot left with records is claimed as one's own");
            assertFalse(own.isEmpty());
            assertEquals(List.of(), slots().claimLeftovers(own), "slot-1 is empty, slot-2 is held");
            held.close();
            List<Spool> leftovers = slots().claimLeftovers(own);
            assertEquals(List.of(root.resolve("slot-2")), leftovers.stream().map(Spool::directory).toList());
            leftovers.forEach(Spool::close);
        }
    }

    @Test
    void aSpoolFromBeforeSlotsInTheRootIsALeftover() {
        try (Spool legacy = Spool.open(root, 1 << 20, 1024, FsyncPolicy.never())) {
            legacy.append(new byte[] {3});
        }
        try (Spool own = slots().claim()) {
            List<Spool> leftovers = slots().claimLeftovers(own);
            assertEquals(List.of(root), leftovers.stream().map(Spool::directory).toList());
            assertEquals(1, leftovers.getFirst().read(10).size());
            leftovers.forEach(Spool::close);
        }
    }
}
