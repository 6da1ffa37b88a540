package io.neuroquantum.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.neuroquantum.storage.api.EngineOptions;
import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.TreeCursor;
import io.neuroquantum.storage.buffer.BufferPool;
import io.neuroquantum.storage.buffer.ReadGuard;
import io.neuroquantum.storage.buffer.WriteAheadRule;
import io.neuroquantum.storage.buffer.WriteGuard;
import io.neuroquantum.storage.page.FileHeader;
import io.neuroquantum.storage.page.PageCorruptedException;
import io.neuroquantum.storage.page.PageLayout;
import io.neuroquantum.storage.page.PageType;
import io.neuroquantum.storage.page.StorageException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged and foreign files: a flipped byte anywhere in a page is caught by the CRC32C on
 * read, reported with file, page and both checksums, and the damaged page is never handed
 * out (every later read fails the same way, nothing is cached, nothing leaks). Files that
 * are not page files, or have another page size, are refused with a clear message and
 * left untouched.
 */
class PageCorruptionTest {

    private static final int PAGE = 4096;
    private static final int ENTRIES = 3000;

    @TempDir
    Path dir;

    private static EngineOptions options() {
        // 16 frames, short pin wait: a pin leaked by a failed read would soon exhaust the pool.
        return EngineOptions.defaults().withBufferPoolBytes(16L * PAGE).withPinWait(Duration.ofMillis(500));
    }

    private static EngineOptions withPageSize(int pageSize) {
        return new EngineOptions(pageSize, 64L * pageSize, Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    private static byte[] key(int i) {
        return String.format("key-%06d", i).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] value(int i) {
        byte[] v = new byte[40 + i % 50];
        Arrays.fill(v, (byte) i);
        v[0] = (byte) (i >>> 8);
        return v;
    }

    private Path populated(String name) {
        Path path = dir.resolve(name);
        try (StorageEngine engine = StorageEngine.open(path, options())) {
            KvTree tree = engine.createTree("t");
            for (int i = 0; i < ENTRIES; i++) {
                tree.put(key(i), value(i));
            }
            engine.check();
        }
        return path;
    }

    /** Raw page bytes as stored in the file. */
    private static byte[] rawPage(Path path, long pageId) throws IOException {
        byte[] page = new byte[PAGE];
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r")) {
            raf.seek(pageId * PAGE);
            raf.readFully(page);
        }
        return page;
    }

    private static void flipByte(Path path, long offset, int mask) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ mask);
        }
    }

    /** The first page (after page 0) of the given type with at least 2 cells (not the directory's one-entry leaf). */
    private static long findPage(Path path, PageType type) throws IOException {
        long pages = Files.size(path) / PAGE;
        for (long id = 1; id < pages; id++) {
            byte[] p = rawPage(path, id);
            if (p[PageLayout.TYPE_OFFSET] == type.code() && ((p[16] & 0xff) | (p[17] & 0xff) << 8) >= 2) {
                return id;
            }
        }
        throw new AssertionError("no " + type + " page in " + path);
    }

    /** The message PageCorruptedException must carry for the page as it now is on disk. */
    private static void assertDescribes(PageCorruptedException e, Path path, long pageId, byte[] damaged) {
        int stored = ByteBuffer.wrap(damaged).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        CRC32C crc = new CRC32C();
        crc.update(damaged, 4, damaged.length - 4);
        int computed = (int) crc.getValue();
        assertThat(stored).isNotEqualTo(computed);
        assertThat(e.pageId()).isEqualTo(pageId);
        assertThat(e.getMessage())
                .contains(path.toString())
                .contains("page " + pageId + ":")
                .contains(String.format("stored 0x%08x", stored))
                .contains(String.format("computed 0x%08x", computed));
    }

    @ParameterizedTest(name = "byte {0} of a leaf page")
    @ValueSource(ints = {1, 5, 13, 200, 2000, PAGE - 1})
    void aFlippedByteInALeafIsReportedAndTheLeafNeverReturned(int offsetInPage) throws IOException {
        Path path = populated("leaf.nq");
        long leaf = findPage(path, PageType.BTREE_LEAF);
        flipByte(path, leaf * PAGE + offsetInPage, 0x01);
        byte[] damaged = rawPage(path, leaf);

        try (StorageEngine engine = StorageEngine.open(path, options())) {
            KvTree tree = engine.openTree("t");
            List<Integer> failedKeys = new ArrayList<>();
            for (int i = 0; i < ENTRIES; i++) {
                try {
                    assertThat(tree.get(key(i))).isEqualTo(value(i)); // every other leaf still reads fine
                } catch (PageCorruptedException e) {
                    assertDescribes(e, path, leaf, damaged);
                    failedKeys.add(i);
                }
            }
            assertThat(failedKeys).as("keys that live in the damaged leaf").isNotEmpty().hasSizeLessThan(ENTRIES / 4);
            // Contiguous: exactly one leaf's keys.
            assertThat(failedKeys.getLast() - failedKeys.getFirst() + 1).isEqualTo(failedKeys.size());
            // A second (and third) read fails the same way: the damaged page was not cached.
            int victim = failedKeys.get(failedKeys.size() / 2);
            for (int attempt = 0; attempt < 3; attempt++) {
                PageCorruptedException again = catchThrowableOfType(PageCorruptedException.class,
                        () -> tree.get(key(victim)));
                assertDescribes(again, path, leaf, damaged);
            }
            // Writes to the damaged leaf fail too, rather than overwrite what is left of it.
            assertThatThrownBy(() -> tree.put(key(victim), new byte[] {1})).isInstanceOf(PageCorruptedException.class);
            // Scans and the checker hit the same page.
            assertThatThrownBy(() -> {
                try (TreeCursor c = tree.scan(KeyRange.all(), false)) {
                    while (c.next()) {
                        c.key();
                    }
                }
            }).isInstanceOfSatisfying(PageCorruptedException.class, e -> assertDescribes(e, path, leaf, damaged));
            assertThatThrownBy(engine::check).isInstanceOf(PageCorruptedException.class);
            // Nothing leaked: the whole rest of the tree is still readable through the 16-frame pool.
            for (int i = 0; i < ENTRIES; i++) {
                if (!failedKeys.contains(i)) {
                    assertThat(tree.get(key(i))).isEqualTo(value(i));
                }
            }
        }
        // Closing did not write the page back (neither "repaired" nor re-checksummed).
        assertThat(rawPage(path, leaf)).isEqualTo(damaged);
        try (StorageEngine engine = StorageEngine.open(path, options())) {
            int victim = -1;
            for (int i = 0; i < ENTRIES && victim < 0; i++) {
                try {
                    engine.openTree("t").get(key(i));
                } catch (PageCorruptedException e) {
                    victim = i;
                    assertDescribes(e, path, leaf, damaged);
                }
            }
            assertThat(victim).as("still corrupt after reopen").isNotNegative();
        }
    }

    @Test
    void aFlippedByteInAnInnerNodeOrOverflowPageIsReported() throws IOException {
        Path path = dir.resolve("inner.nq");
        try (StorageEngine engine = StorageEngine.open(path, options())) {
            KvTree tree = engine.createTree("t");
            for (int i = 0; i < ENTRIES; i++) {
                tree.put(key(i), value(i));
            }
            tree.put(key(ENTRIES), new byte[20_000]);
        }
        long inner = findPage(path, PageType.BTREE_INNER);
        flipByte(path, inner * PAGE + 40, 0x80);
        byte[] damagedInner = rawPage(path, inner);
        try (StorageEngine engine = StorageEngine.open(path, options())) {
            assertThatThrownBy(() -> engine.openTree("t").get(key(0)))
                    .isInstanceOfSatisfying(PageCorruptedException.class, e -> assertDescribes(e, path, inner, damagedInner));
        }
        flipByte(path, inner * PAGE + 40, 0x80); // repaired
        long overflow = -1;
        for (long id = 1; id < Files.size(path) / PAGE && overflow < 0; id++) {
            if (rawPage(path, id)[PageLayout.TYPE_OFFSET] == PageType.OVERFLOW.code()) {
                overflow = id;
            }
        }
        assertThat(overflow).isPositive();
        flipByte(path, overflow * PAGE + 3000, 0x04);
        long damagedId = overflow;
        byte[] damagedOverflow = rawPage(path, overflow);
        try (StorageEngine engine = StorageEngine.open(path, options())) {
            KvTree tree = engine.openTree("t");
            assertThat(tree.get(key(0))).isEqualTo(value(0));
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> tree.get(key(ENTRIES))).isInstanceOfSatisfying(PageCorruptedException.class,
                        e -> assertDescribes(e, path, damagedId, damagedOverflow));
            }
        }
    }

    @ParameterizedTest(name = "byte {0} of page 0")
    @ValueSource(ints = {0, 6, 14, 40, 1000, PAGE - 1})
    void aFlippedByteInTheFileHeaderIsReportedWhenOpening(int offsetInPage) throws IOException {
        // Offsets outside the magic, version and page size (those are validated first, see below).
        Path path = populated("header.nq");
        flipByte(path, offsetInPage, 0x20);
        byte[] damaged = rawPage(path, 0);
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> StorageEngine.open(path, options()))
                    .isInstanceOfSatisfying(PageCorruptedException.class, e -> assertDescribes(e, path, 0, damaged));
        }
        assertThat(rawPage(path, 0)).isEqualTo(damaged);
        flipByte(path, offsetInPage, 0x20);
        try (StorageEngine engine = StorageEngine.open(path, options())) {
            assertThat(engine.openTree("t").get(key(7))).isEqualTo(value(7));
            engine.check();
        }
    }

    @Test
    void aDamagedMagicOrVersionIsReportedAsAForeignFile() throws IOException {
        Path path = populated("magic.nq");
        flipByte(path, FileHeader.MAGIC_OFFSET + 2, 0x01);
        assertThatThrownBy(() -> StorageEngine.open(path, options()))
                .isExactlyInstanceOf(StorageException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining("is not a NeuroQuantumDB page file");
        flipByte(path, FileHeader.MAGIC_OFFSET + 2, 0x01);
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
            raf.seek(FileHeader.VERSION_OFFSET);
            raf.write(new byte[] {9, 0, 0, 0});
        }
        assertThatThrownBy(() -> StorageEngine.open(path, options()))
                .isExactlyInstanceOf(StorageException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining("format version 9")
                .hasMessageContaining("reads version " + FileHeader.FORMAT_VERSION);
    }

    @Test
    void thePoolNeverHandsOutACorruptPage() throws IOException {
        Path path = dir.resolve("pool.nq");
        try (PageFile file = PageFile.create(path, PAGE);
             BufferPool pool = new BufferPool(file, 16L * PAGE, Duration.ofSeconds(5), null, WriteAheadRule.NONE)) {
            file.ensureCapacity(30);
            for (long id = 0; id < 30; id++) {
                try (WriteGuard g = pool.create(id)) {
                    g.putLong(16, id);
                }
            }
        }
        flipByte(path, 11L * PAGE + 100, 0xff);
        byte[] damaged = rawPage(path, 11);
        try (PageFile file = PageFile.open(path, PAGE);
             BufferPool pool = new BufferPool(file, 16L * PAGE, Duration.ofSeconds(5), null, WriteAheadRule.NONE)) {
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThatThrownBy(() -> pool.read(11))
                        .isInstanceOfSatisfying(PageCorruptedException.class, e -> assertDescribes(e, path, 11, damaged));
                assertThatThrownBy(() -> pool.write(11))
                        .isInstanceOfSatisfying(PageCorruptedException.class, e -> assertDescribes(e, path, 11, damaged));
                assertThat(pool.isResident(11)).isFalse();
            }
            try (ReadGuard g = pool.read(12)) {
                assertThat(g.getLong(16)).isEqualTo(12);
            }
            // A page that was never written (all zeros, inside the file) fails verification too.
            file.ensureCapacity(400);
            assertThatThrownBy(() -> pool.read(300))
                    .isInstanceOf(PageCorruptedException.class)
                    .hasMessageContaining("page 300:")
                    .hasMessageContaining("stored 0x00000000");
            // A page beyond the end of the file is a clear error as well.
            long beyond = file.sizeInBytes() / PAGE + 10;
            assertThatThrownBy(() -> pool.read(beyond))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("page " + beyond)
                    .hasMessageContaining("beyond the end of " + path);
            assertThat(pool.stats().dirtyPages()).isZero();
        }
        assertThat(rawPage(path, 11)).isEqualTo(damaged);
    }

    // ------------------------------------------------------------------ not our file

    private void assertRefused(Path path, String... fragments) throws IOException {
        byte[] before = Files.readAllBytes(path);
        var thrown = assertThatThrownBy(() -> StorageEngine.open(path, options()))
                .isExactlyInstanceOf(StorageException.class)
                .hasMessageContaining(path.toString());
        for (String f : fragments) {
            thrown.hasMessageContaining(f);
        }
        assertThat(Files.readAllBytes(path)).as("a refused file is left untouched").isEqualTo(before);
    }

    @Test
    void randomBytesAreNotAPageFile() throws IOException {
        Path path = dir.resolve("random.bin");
        byte[] junk = new byte[3 * PAGE];
        new Random(5).nextBytes(junk);
        Files.write(path, junk);
        assertRefused(path, "is not a NeuroQuantumDB page file");
    }

    @Test
    void aTextFileIsNotAPageFile() throws IOException {
        Path path = dir.resolve("notes.txt");
        Files.writeString(path, "These are my notes. ".repeat(300));
        assertRefused(path, "is not a NeuroQuantumDB page file");
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        Path path = dir.resolve("empty.nq");
        Files.write(path, new byte[0]);
        assertRefused(path, "too short", "(0 bytes)");
    }

    @Test
    void aFileShorterThanTheHeaderIsRefused() throws IOException {
        Path path = dir.resolve("short.nq");
        byte[] prefix = Arrays.copyOf(rawPage(populated("src.nq"), 0), 20); // starts like ours, then ends
        Files.write(path, prefix);
        assertRefused(path, "too short", "(20 bytes)");
    }

    @Test
    void aFileTruncatedInsideItsFirstPageIsRefused() throws IOException {
        Path path = dir.resolve("truncated.nq");
        byte[] prefix = Arrays.copyOf(rawPage(populated("src.nq"), 0), 100); // a valid prefix, then nothing
        Files.write(path, prefix);
        assertRefused(path, "page 0", "beyond the end");
    }

    @Test
    void aDirectoryIsRefused() throws IOException {
        Path path = Files.createDirectory(dir.resolve("adir"));
        assertThatThrownBy(() -> StorageEngine.open(path, options()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(path.toString());
    }

    @ParameterizedTest(name = "created with {0}, opened with {1}")
    @org.junit.jupiter.params.provider.CsvSource({"4096, 8192", "4096, 16384", "16384, 4096", "8192, 4096"})
    void openingWithAnotherPageSizeIsRefused(int created, int requested) throws IOException {
        Path path = dir.resolve("ps" + created + ".nq");
        try (StorageEngine engine = StorageEngine.open(path,
                withPageSize(created))) {
            engine.createTree("t").put(key(1), value(1));
        }
        byte[] before = Files.readAllBytes(path);
        assertThatThrownBy(() -> StorageEngine.open(path, withPageSize(requested)))
                .isExactlyInstanceOf(StorageException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining(created + "-byte pages, but " + requested + "-byte pages were requested");
        assertThat(Files.readAllBytes(path)).isEqualTo(before);
        try (StorageEngine engine = StorageEngine.open(path,
                withPageSize(created))) {
            assertThat(engine.openTree("t").get(key(1))).isEqualTo(value(1));
        }
    }

    @Test
    void aHeaderDeclaringAnInvalidPageSizeIsRefused() throws IOException {
        Path path = populated("badsize.nq");
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
            raf.seek(FileHeader.PAGE_SIZE_OFFSET);
            raf.write(new byte[] {(byte) 0x88, 0x13, 0, 0}); // 5000
        }
        assertRefused(path, "invalid page size 5000");
    }
}
