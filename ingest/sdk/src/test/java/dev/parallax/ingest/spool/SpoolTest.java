package dev.parallax.ingest.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    @Test
    void readsRecordsInAppendOrderAcrossSegmentsAndDeletesConsumedOnes() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20, 1024, FsyncPolicy.never())) {
            for (int i = 0; i < 100; i++) assertTrue(spool.append(record(i)));
            assertTrue(segmentFiles() > 3, "100 records of ~30 bytes roll 1 KiB segments");

            List<String> seen = new ArrayList<>();
            while (!spool.isEmpty()) {
                List<SpoolEntry> batch = spool.read(7);
                batch.forEach(e -> seen.add(new String(e.payload(), StandardCharsets.UTF_8)));
                spool.commit(batch.getLast().next());
            }
            assertEquals(100, seen.size());
            for (int i = 0; i < 100; i++) assertEquals(text(i), seen.get(i));
            assertEquals(1, segmentFiles(), "drained spool keeps one empty segment");
            assertEquals(0, spool.bytes());
        }
    }

    @Test
    void uncommittedRecordsAreReadAgainAfterReopening() {
        try (Spool spool = Spool.open(dir, 1 << 20, 4096, FsyncPolicy.always())) {
            for (int i = 0; i < 10; i++) spool.append(record(i));
            List<SpoolEntry> firstFour = spool.read(4);
            spool.commit(firstFour.getLast().next());
            spool.read(3); // read, never committed: a crash in the middle of a replay
        }
        try (Spool reopened = Spool.open(dir, 1 << 20, 4096, FsyncPolicy.always())) {
            List<SpoolEntry> rest = reopened.read(100);
            assertEquals(6, rest.size());
            assertArrayEquals(record(4), rest.getFirst().payload());
            assertArrayEquals(record(9), rest.getLast().payload());
        }
    }

    @Test
    void tornRecordAtTheEndIsCutOffOnOpen() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20, 4096, FsyncPolicy.never())) {
            for (int i = 0; i < 3; i++) spool.append(record(i));
        }
        Path segment = onlySegment();
        // A crash in the middle of an append: a header promising 100 bytes, then 5 bytes.
        Files.write(segment, new byte[]{0, 0, 0, 100, 1, 2, 3, 4, 9, 9, 9, 9, 9}, StandardOpenOption.APPEND);
        try (Spool spool = Spool.open(dir, 1 << 20, 4096, FsyncPolicy.never())) {
            assertTrue(spool.append(record(3)));
            List<SpoolEntry> all = spool.read(100);
            assertEquals(4, all.size());
            assertArrayEquals(record(3), all.get(3).payload());
        }
    }

    @Test
    void damagedRecordIsDetectedByItsChecksum() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20, 4096, FsyncPolicy.never())) {
            for (int i = 0; i < 3; i++) spool.append(record(i));
        }
        Path segment = onlySegment();
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 2] ^= 0x40; // flip a bit in the last payload
        Files.write(segment, bytes);
        try (Spool spool = Spool.open(dir, 1 << 20, 4096, FsyncPolicy.never())) {
            assertEquals(2, spool.read(100).size(), "the damaged last record is cut off, the others survive");
        }
    }

    @Test
    void refusesRecordsBeyondItsBound() {
        try (Spool spool = Spool.open(dir, 2048, 1024, FsyncPolicy.never())) {
            int accepted = 0;
            while (spool.append(new byte[100])) accepted++;
            assertEquals(2048 / 108, accepted);
            assertTrue(spool.bytes() <= 2048);
            spool.commit(spool.read(1000).getLast().next());
            assertTrue(spool.append(new byte[100]), "room again once consumed");
        }
    }

    @Test
    void oneProcessPerDirectory() {
        try (Spool ignored = Spool.open(dir, 1 << 20, 4096, FsyncPolicy.never())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Spool.open(dir, 1 << 20, 4096, FsyncPolicy.never()));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Test
    void parsesFsyncPolicies() {
        assertEquals(FsyncPolicy.always(), FsyncPolicy.parse("always"));
        assertEquals(FsyncPolicy.never(), FsyncPolicy.parse("NEVER"));
        assertEquals(FsyncPolicy.interval(java.time.Duration.ofMillis(250)), FsyncPolicy.parse("250"));
        assertThrows(IllegalArgumentException.class, () -> FsyncPolicy.parse("sometimes"));
        assertFalse(FsyncPolicy.parse("1000") instanceof FsyncPolicy.Always);
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
    }

    private long segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".seg")).count();
        }
    }

    private static String text(int i) {
        return "record number " + i + " of the test";
    }

    private static byte[] record(int i) {
        return text(i).getBytes(StandardCharsets.UTF_8);
    }
}
