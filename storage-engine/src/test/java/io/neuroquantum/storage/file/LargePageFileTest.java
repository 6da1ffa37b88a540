package io.neuroquantum.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.storage.buffer.BufferPool;
import io.neuroquantum.storage.buffer.BufferPoolStats;
import io.neuroquantum.storage.buffer.PageGuard;
import io.neuroquantum.storage.buffer.ReadGuard;
import io.neuroquantum.storage.buffer.WriteAheadRule;
import io.neuroquantum.storage.buffer.WriteGuard;
import io.neuroquantum.storage.page.PageCorruptedException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Page files beyond 2 GiB and 10 GiB (sparse: only the written pages take disk space), and
 * a thousand virtual threads reading a file larger than the buffer pool at once.
 */
class LargePageFileTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    /** Id stamped at 16, its complement at the end, and a body derived from the id in between. */
    static void stamp(WriteGuard g, long id) {
        g.putByte(12, (byte) 6);
        g.putLong(16, id);
        for (int off = 24; off + 8 <= g.pageSize() - 8; off += 8) {
            g.putLong(off, id * 0x9E3779B97F4A7C15L + off);
        }
        g.putLong(g.pageSize() - 8, ~id);
    }

    static void verify(PageGuard g, long id) {
        assertThat(g.getLong(16)).as("page id stamped in page %d", id).isEqualTo(id);
        for (int off = 24; off + 8 <= g.pageSize() - 8; off += 8) {
            if (g.getLong(off) != id * 0x9E3779B97F4A7C15L + off) {
                throw new AssertionError("page " + id + ": wrong body at offset " + off);
            }
        }
        assertThat(g.getLong(g.pageSize() - 8)).isEqualTo(~id);
    }

    @ParameterizedTest(name = "{0}-byte pages")
    @ValueSource(ints = {4096, 16384})
    void pagesBeyondTwoAndTenGiBRoundTrip(int pageSize) throws IOException {
        Path path = dir.resolve("large-" + pageSize + ".nq");
        long[] ids = {
            0,
            1,
            (2 * GIB) / pageSize - 1,   // ends exactly at 2^31 bytes
            (2 * GIB) / pageSize,       // starts exactly at 2^31 bytes (int offsets would go negative)
            (2 * GIB) / pageSize + 1,
            (4 * GIB) / pageSize + 3,   // beyond 2^32 (int offsets would wrap to a small number)
            (10 * GIB) / pageSize + 17, // beyond 10 GiB
            (10 * GIB) / pageSize + 1000,
        };
        long last = ids[ids.length - 1];
        try (PageFile file = PageFile.create(path, pageSize);
             BufferPool pool = new BufferPool(file, 16L * pageSize, Duration.ofSeconds(10), null, WriteAheadRule.NONE)) {
            file.ensureCapacity(last + 1);
            assertThat(file.sizeInBytes()).isGreaterThanOrEqualTo((last + 1) * pageSize).isGreaterThan(10 * GIB);
            for (long id : ids) {
                try (WriteGuard g = pool.create(id)) {
                    stamp(g, id);
                }
            }
            pool.flushAll();
        }
        long size = Files.size(path);
        assertThat(size).isGreaterThan(10 * GIB);
        // The bytes are where a long offset puts them.
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r")) {
            for (long id : ids) {
                byte[] head = new byte[24];
                raf.seek(id * pageSize);
                raf.readFully(head);
                assertThat(ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong(16)).isEqualTo(id);
            }
        }
        try (PageFile file = PageFile.open(path, pageSize);
             BufferPool pool = new BufferPool(file, 16L * pageSize, Duration.ofSeconds(10), null, WriteAheadRule.NONE)) {
            assertThat(file.sizeInBytes()).isEqualTo(size);
            for (int round = 0; round < 2; round++) {
                for (long id : ids) { // reads verify the checksum
                    try (ReadGuard g = pool.read(id)) {
                        verify(g, id);
                    }
                }
            }
            // Rewrite one far page and read it back after eviction.
            long far = ids[ids.length - 2];
            try (WriteGuard g = pool.write(far)) {
                verify(g, far);
                g.putLong(24, 42);
            }
            for (long id = 100; id < 140; id++) { // unwritten but inside the file: zero pages, fail verification
                long probe = id;
                assertThatThrownBy(() -> pool.read(probe)).isInstanceOf(PageCorruptedException.class);
            }
            pool.flushAll();
        }
        try (PageFile file = PageFile.open(path, pageSize);
             BufferPool pool = new BufferPool(file, 16L * pageSize, Duration.ofSeconds(10), null, WriteAheadRule.NONE)) {
            long far = ids[ids.length - 2];
            try (ReadGuard g = pool.read(far)) { // the rewrite reached the file at its far offset
                assertThat(g.getLong(24)).isEqualTo(42);
                assertThat(g.getLong(16)).isEqualTo(far);
            }
            // A hole between written pages never written: detected, not returned as data.
            long hole = (6 * GIB) / pageSize;
            assertThatThrownBy(() -> pool.read(hole))
                    .isInstanceOf(PageCorruptedException.class)
                    .hasMessageContaining("page " + hole + ":");
        }
    }

    @Test
    void growthBeyondTenGiBIsInExtentsAndSparse() throws IOException {
        Path path = dir.resolve("grow.nq");
        try (PageFile file = PageFile.create(path, 4096)) {
            file.ensureCapacity(1);
            assertThat(file.sizeInBytes()).isEqualTo(PageFile.EXTENT_BYTES);
            long target = (10 * GIB) / 4096 + 5;
            file.ensureCapacity(target);
            long size = file.sizeInBytes();
            assertThat(size).isEqualTo(target * 4096);
            file.ensureCapacity(target + 1); // grows by an eighth of the file, not by one page
            assertThat(file.sizeInBytes()).isEqualTo(size + (target / 8) * 4096);
            file.ensureCapacity(10); // never shrinks
            assertThat(file.sizeInBytes()).isEqualTo(size + (target / 8) * 4096);
        }
    }

    @Test
    void aThousandVirtualThreadsReadAFileLargerThanThePool() throws Exception {
        int pages = 3000;
        int frames = 256;
        int tasks = 1000;
        int readsPerTask = 12;
        Path path = dir.resolve("vt.nq");
        try (PageFile file = PageFile.create(path, 4096);
             BufferPool pool = new BufferPool(file, 64L * 4096, Duration.ofSeconds(10), null, WriteAheadRule.NONE)) {
            file.ensureCapacity(pages);
            for (long id = 0; id < pages; id++) {
                try (WriteGuard g = pool.create(id)) {
                    stamp(g, id);
                }
            }
        }
        try (PageFile file = PageFile.open(path, 4096);
             BufferPool pool = new BufferPool(file, (long) frames * 4096, Duration.ofSeconds(60), null, WriteAheadRule.NONE)) {
            CountDownLatch ready = new CountDownLatch(tasks);
            CountDownLatch go = new CountDownLatch(1);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicLong verified = new AtomicLong();
            List<Future<?>> futures = new ArrayList<>();
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < tasks; t++) {
                    int task = t;
                    futures.add(ex.submit(() -> {
                        ready.countDown();
                        go.await();
                        Random rnd = new Random(task);
                        try {
                            for (int i = 0; i < readsPerTask; i++) {
                                // half the reads go to a hot quarter of the file, so frames are shared too
                                long id = rnd.nextBoolean() ? rnd.nextInt(pages / 4) : rnd.nextInt(pages);
                                try (ReadGuard g = pool.read(id)) {
                                    verify(g, id);
                                }
                                verified.incrementAndGet();
                            }
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                        return null;
                    }));
                }
                assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
                go.countDown();
                for (Future<?> f : futures) {
                    f.get(120, TimeUnit.SECONDS);
                }
            }
            assertThat(failures).isEmpty();
            assertThat(verified.get()).isEqualTo((long) tasks * readsPerTask);
            BufferPoolStats s = pool.stats();
            System.out.println("[LargePageFileTest] 1000 virtual threads: " + s);
            assertThat(s.hits() + s.misses()).isGreaterThanOrEqualTo((long) tasks * readsPerTask);
            assertThat(s.misses()).isGreaterThan(frames);
            assertThat(s.evictions()).isGreaterThan(0);
            assertThat(s.residentPages()).isLessThanOrEqualTo(frames);
            assertThat(s.dirtyPages()).isZero();
        }
    }
}
