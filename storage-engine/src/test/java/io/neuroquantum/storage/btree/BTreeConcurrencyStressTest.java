package io.neuroquantum.storage.btree;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.storage.api.EngineOptions;
import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.TreeCursor;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many platform threads on one tree, through a small buffer pool (eviction all the time)
 * with the background flusher running, some values large enough for overflow chains.
 *
 * <ul>
 *   <li>Disjoint partitions: thread t alone writes the keys of partition t, so it knows their
 *       exact content at every moment. Every thread also reads the whole tree (gets and
 *       forward/backward range scans): keys must come strictly ordered and inside the range,
 *       every value must be one written for its key, and the thread's own partition must look
 *       exactly like its model. Afterwards the tree equals the union of the models.</li>
 *   <li>Shared keys: all threads write the same small key set. Afterwards the structure is
 *       valid and every key holds a value some thread wrote for it.</li>
 * </ul>
 *
 * A hang (deadlock) fails the test with the workers' stack traces. Raise the work with
 * {@code -Dnq.stress.ops=…} (operations per thread) for a longer soak.
 */
class BTreeConcurrencyStressTest {

    private static final int THREADS = 6;
    private static final int OPS = Integer.getInteger("nq.stress.ops", 20_000);
    private static final Duration DEADLINE = Duration.ofSeconds(Integer.getInteger("nq.stress.timeoutSeconds", 240));

    @TempDir
    Path dir;

    private static EngineOptions options() {
        // 256 frames of 4 KiB: far smaller than the data, so pages are evicted and re-read constantly.
        return options(256);
    }

    private static EngineOptions options(int frames) {
        return new EngineOptions(4096, frames * 4096L, Duration.ofSeconds(30), Duration.ofMillis(20));
    }

    // ------------------------------------------------------------------ keys and values

    /** Partition byte, index (big-endian), then a suffix of varying length (so separators vary in size). */
    static byte[] key(int partition, int index) {
        int suffix = (index * 7) % 23;
        byte[] k = new byte[3 + suffix];
        k[0] = (byte) partition;
        k[1] = (byte) (index >>> 8);
        k[2] = (byte) index;
        for (int i = 0; i < suffix; i++) {
            k[3 + i] = (byte) ('a' + (index + i) % 26);
        }
        return k;
    }

    /**
     * A self-describing value: writer thread, sequence number, hash of the key it was written
     * for, then a body derived from all three. Lengths from 16 bytes to 20 KiB (overflow).
     */
    static byte[] value(byte[] key, int writer, long seq, Random rnd) {
        int r = rnd.nextInt(100);
        int length = r < 80 ? 16 + rnd.nextInt(60) : r < 95 ? 200 + rnd.nextInt(700) : 2_000 + rnd.nextInt(18_000);
        ByteBuffer b = ByteBuffer.allocate(length);
        b.putInt(writer).putLong(seq).putInt(Arrays.hashCode(key));
        for (int i = 16; i < length; i++) {
            b.put((byte) (writer * 31 + seq * 17 + i));
        }
        return b.array();
    }

    /** Null if the value is a well-formed value written for {@code key}, else what is wrong. */
    static String problem(byte[] key, byte[] value) {
        if (value.length < 16) {
            return "value of " + value.length + " bytes is too short";
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        int writer = b.getInt();
        long seq = b.getLong();
        if (b.getInt() != Arrays.hashCode(key)) {
            return "value was written for another key (writer " + writer + ", seq " + seq + ")";
        }
        for (int i = 16; i < value.length; i++) {
            if (value[i] != (byte) (writer * 31 + seq * 17 + i)) {
                return "value body damaged at byte " + i + " of " + value.length;
            }
        }
        return null;
    }

    static long writerSeq(byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value);
        return ((long) b.getInt() << 40) ^ b.getLong();
    }

    // ------------------------------------------------------------------ harness

    interface Worker {
        void run(int thread) throws Exception;
    }

    /** Runs the workers on platform threads started together; fails with stack traces on a hang. */
    private static void runAll(int threads, Worker worker) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            workers.add(Thread.ofPlatform().daemon().name("stress-" + t).start(() -> {
                try {
                    start.await();
                    worker.run(me);
                } catch (Throwable e) {
                    failures.add(new AssertionError("thread " + me + ": " + e, e));
                }
            }));
        }
        start.countDown();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (Thread w : workers) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !w.join(Duration.ofNanos(left))) {
                StringBuilder dump = new StringBuilder("workers still running after " + DEADLINE + " (deadlock?):\n");
                for (Thread x : workers) {
                    dump.append(x.getName()).append(' ').append(x.getState()).append('\n');
                    for (StackTraceElement e : x.getStackTrace()) {
                        dump.append("    at ").append(e).append('\n');
                    }
                }
                throw new AssertionError(dump.toString());
            }
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " worker(s) failed; first: " + failures.peek().getMessage(),
                    failures.peek());
            failures.stream().skip(1).limit(5).forEach(e::addSuppressed);
            throw e;
        }
    }

    private static KeyRange randomRange(Random rnd, int partitions, int keysPerPartition) {
        byte[] a = rnd.nextInt(8) == 0 ? null : key(rnd.nextInt(partitions), rnd.nextInt(keysPerPartition));
        byte[] b = rnd.nextInt(8) == 0 ? null : key(rnd.nextInt(partitions), rnd.nextInt(keysPerPartition));
        if (a != null && b != null && Arrays.compareUnsigned(a, b) > 0) {
            byte[] t = a;
            a = b;
            b = t;
        }
        return new KeyRange(a, rnd.nextBoolean(), b, rnd.nextBoolean());
    }

    // ------------------------------------------------------------------ disjoint partitions

    @Test
    void disjointPartitionsMixedWorkload() throws Exception {
        int keysPerPartition = 1200;
        Path path = dir.resolve("disjoint.nq");
        byte[][][] models = new byte[THREADS][keysPerPartition][];
        AtomicLong scannedRows = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        try (StorageEngine engine = StorageEngine.open(path, options())) {
            KvTree tree = engine.createTree("stress");
            runAll(THREADS, me -> {
                Random rnd = new Random(1000 + me);
                byte[][] model = models[me];
                long seq = 0;
                for (int op = 0; op < OPS && !stop.get(); op++) {
                    try {
                        int r = rnd.nextInt(100);
                        int idx = rnd.nextInt(keysPerPartition);
                        byte[] k = key(me, idx);
                        if (r < 30) {
                            byte[] v = value(k, me, ++seq, rnd);
                            tree.put(k, v);
                            model[idx] = v;
                        } else if (r < 40) {
                            byte[] v = value(k, me, ++seq, rnd);
                            boolean inserted = tree.insert(k, v);
                            assertThat(inserted).as("insert of %s", idx).isEqualTo(model[idx] == null);
                            if (inserted) {
                                model[idx] = v;
                            }
                        } else if (r < 58) {
                            assertThat(tree.delete(k)).as("delete of %s", idx).isEqualTo(model[idx] != null);
                            model[idx] = null;
                        } else if (r < 80) {
                            int p = rnd.nextInt(THREADS);
                            byte[] gk = key(p, rnd.nextInt(keysPerPartition));
                            byte[] v = tree.get(gk);
                            if (p == me) {
                                assertThat(v).isEqualTo(model[(gk[1] & 0xff) << 8 | gk[2] & 0xff]);
                            } else if (v != null) {
                                assertThat(problem(gk, v)).isNull();
                            }
                        } else {
                            scanAndVerify(tree, rnd, me, model, keysPerPartition, rnd.nextBoolean(), scannedRows);
                        }
                    } catch (Throwable e) {
                        stop.set(true);
                        throw e;
                    }
                }
            });
            System.out.println("[BTreeConcurrencyStressTest] disjoint: " + THREADS + " threads x " + OPS + " ops, "
                    + scannedRows.get() + " rows scanned; " + engine.bufferPoolStats());
            verifyFinal(engine, tree, models, keysPerPartition);
        }
        try (StorageEngine engine = StorageEngine.open(path, options())) {
            verifyFinal(engine, engine.openTree("stress"), models, keysPerPartition);
        }
    }

    /**
     * Scans a random range (up to 60 rows): strictly ordered, inside the range, values well
     * formed; the thread's own keys between the range start and the last row seen must be
     * exactly its model (nobody else writes them).
     */
    private static void scanAndVerify(KvTree tree, Random rnd, int me, byte[][] model, int keysPerPartition,
                                      boolean descending, AtomicLong scannedRows) {
        KeyRange range = randomRange(rnd, THREADS, keysPerPartition);
        int limit = 1 + rnd.nextInt(60);
        List<byte[]> own = new ArrayList<>();
        byte[] prev = null;
        boolean exhausted = true;
        try (TreeCursor c = tree.scan(range, descending)) {
            int rows = 0;
            while (true) {
                if (rows == limit) {
                    exhausted = false;
                    break;
                }
                if (!c.next()) {
                    break;
                }
                rows++;
                byte[] k = c.key();
                byte[] v = c.value();
                if (prev != null) {
                    int cmp = Arrays.compareUnsigned(prev, k);
                    if (descending ? cmp <= 0 : cmp >= 0) {
                        throw new AssertionError((descending ? "descending" : "ascending") + " scan out of order: "
                                + Arrays.toString(prev) + " then " + Arrays.toString(k));
                    }
                }
                if (!range.contains(k)) {
                    throw new AssertionError("scan returned " + Arrays.toString(k) + " outside its range");
                }
                String p = problem(k, v);
                if (p != null) {
                    throw new AssertionError("scan: key " + Arrays.toString(k) + ": " + p);
                }
                if (k[0] == me) {
                    own.add(k);
                    int idx = (k[1] & 0xff) << 8 | k[2] & 0xff;
                    assertThat(v).as("own key %d seen by scan", idx).isEqualTo(model[idx]);
                }
                prev = k;
            }
            scannedRows.addAndGet(rows);
        }
        // Own keys the scan covered: in range and not beyond the last row returned.
        byte[] last = prev;
        List<byte[]> expected = new ArrayList<>();
        for (int idx = 0; idx < keysPerPartition; idx++) {
            int i = descending ? keysPerPartition - 1 - idx : idx;
            if (model[i] == null) {
                continue;
            }
            byte[] k = key(me, i);
            if (!range.contains(k)) {
                continue;
            }
            if (!exhausted) {
                if (last == null) {
                    continue;
                }
                int cmp = Arrays.compareUnsigned(k, last);
                if (descending ? cmp < 0 : cmp > 0) {
                    continue;
                }
            }
            expected.add(k);
        }
        if (own.size() != expected.size()) {
            throw new AssertionError("scan " + (descending ? "desc" : "asc") + " saw " + own.size()
                    + " of this thread's keys, expected " + expected.size());
        }
        for (int i = 0; i < own.size(); i++) {
            assertThat(own.get(i)).isEqualTo(expected.get(i));
        }
    }

    private static void verifyFinal(StorageEngine engine, KvTree tree, byte[][][] models, int keysPerPartition) {
        StorageEngine.EngineCheck check = engine.check();
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (int p = 0; p < models.length; p++) { // partition bytes sort first, then the big-endian index
            for (int idx = 0; idx < keysPerPartition; idx++) {
                if (models[p][idx] != null) {
                    keys.add(key(p, idx));
                    values.add(models[p][idx]);
                }
            }
        }
        int i = 0;
        try (TreeCursor c = tree.scan(KeyRange.all(), false)) {
            while (c.next()) {
                assertThat(i).as("more entries than the models hold").isLessThan(keys.size());
                assertThat(c.key()).as("key %d", i).isEqualTo(keys.get(i));
                assertThat(c.value()).as("value of key %d", i).isEqualTo(values.get(i));
                i++;
            }
        }
        assertThat(i).isEqualTo(keys.size());
        i = keys.size();
        try (TreeCursor c = tree.scan(KeyRange.all(), true)) {
            while (c.next()) {
                i--;
                assertThat(c.key()).isEqualTo(keys.get(i));
            }
        }
        assertThat(i).isZero();
        assertThat(check.trees().get(1).entries()).isEqualTo(keys.size());
    }

    // ------------------------------------------------------------------ shared keys

    @Test
    void sharedKeysContendedWorkload() throws Exception {
        int keyCount = 400;
        Path path = dir.resolve("shared.nq");
        EngineOptions options = options(64); // the shared data is small: a smaller pool keeps eviction going
        // Every (writer, seq) value ever written, per key index.
        List<Set<Long>> written = new ArrayList<>();
        for (int i = 0; i < keyCount; i++) {
            written.add(ConcurrentHashMap.newKeySet());
        }
        AtomicBoolean stop = new AtomicBoolean();
        try (StorageEngine engine = StorageEngine.open(path, options)) {
            KvTree tree = engine.createTree("shared");
            runAll(THREADS, me -> {
                Random rnd = new Random(7000 + me);
                long seq = 0;
                for (int op = 0; op < OPS && !stop.get(); op++) {
                    try {
                        int idx = rnd.nextInt(keyCount);
                        byte[] k = key(0, idx);
                        int r = rnd.nextInt(100);
                        if (r < 35) {
                            byte[] v = value(k, me, ++seq, rnd);
                            written.get(idx).add(writerSeq(v)); // recorded before it becomes visible
                            tree.put(k, v);
                        } else if (r < 45) {
                            byte[] v = value(k, me, ++seq, rnd);
                            written.get(idx).add(writerSeq(v));
                            tree.insert(k, v);
                        } else if (r < 70) {
                            tree.delete(k);
                        } else if (r < 85) {
                            byte[] v = tree.get(k);
                            if (v != null) {
                                assertThat(problem(k, v)).isNull();
                                assertThat(written.get(idx)).contains(writerSeq(v));
                            }
                        } else {
                            boolean descending = rnd.nextBoolean();
                            KeyRange range = randomRange(rnd, 1, keyCount);
                            byte[] prev = null;
                            try (TreeCursor c = tree.scan(range, descending)) {
                                for (int n = 0; n < 80 && c.next(); n++) {
                                    byte[] sk = c.key();
                                    if (prev != null) {
                                        int cmp = Arrays.compareUnsigned(prev, sk);
                                        assertThat(descending ? cmp > 0 : cmp < 0).as("scan order").isTrue();
                                    }
                                    assertThat(range.contains(sk)).isTrue();
                                    assertThat(problem(sk, c.value())).isNull();
                                    prev = sk;
                                }
                            }
                        }
                    } catch (Throwable e) {
                        stop.set(true);
                        throw e;
                    }
                }
            });
            System.out.println("[BTreeConcurrencyStressTest] shared: " + THREADS + " threads x " + OPS + " ops; "
                    + engine.bufferPoolStats());
            verifyShared(engine, tree, written, keyCount);
        }
        try (StorageEngine engine = StorageEngine.open(path, options)) {
            verifyShared(engine, engine.openTree("shared"), written, keyCount);
        }
    }

    private static void verifyShared(StorageEngine engine, KvTree tree, List<Set<Long>> written, int keyCount) {
        engine.check();
        Map<Integer, byte[]> seen = new java.util.HashMap<>();
        byte[] prev = null;
        try (TreeCursor c = tree.scan(KeyRange.all(), false)) {
            while (c.next()) {
                byte[] k = c.key();
                if (prev != null) {
                    assertThat(Arrays.compareUnsigned(prev, k)).isNegative();
                }
                prev = k;
                int idx = (k[1] & 0xff) << 8 | k[2] & 0xff;
                assertThat(k).isEqualTo(key(0, idx));
                assertThat(problem(k, c.value())).isNull();
                assertThat(written.get(idx)).as("value of key %d was written by some thread", idx)
                        .contains(writerSeq(c.value()));
                seen.put(idx, c.value());
            }
        }
        for (int idx = 0; idx < keyCount; idx++) {
            byte[] v = tree.get(key(0, idx));
            if (seen.containsKey(idx)) {
                assertThat(v).isEqualTo(seen.get(idx));
            } else {
                assertThat(v).isNull();
            }
        }
    }

    @Test
    void readersNeverSeeATornTreeWhileItGrowsAndShrinks() throws Exception {
        // Writers bulk-insert ascending and then delete everything (root splits and root
        // collapses over and over) while readers scan the whole tree in both directions.
        Path path = dir.resolve("grow.nq");
        java.util.concurrent.atomic.AtomicInteger writersDone = new java.util.concurrent.atomic.AtomicInteger();
        AtomicLong scans = new AtomicLong();
        try (StorageEngine engine = StorageEngine.open(path, options())) {
            KvTree tree = engine.createTree("g");
            int writers = 2;
            runAll(THREADS, me -> {
                if (me < writers) {
                    try {
                        Random rnd = new Random(me);
                        for (int round = 0; round < 3; round++) {
                            for (int i = 0; i < 1500; i++) {
                                byte[] k = key(me, i);
                                tree.put(k, value(k, me, round * 10_000L + i, rnd));
                            }
                            for (int i = 0; i < 1500; i++) {
                                assertThat(tree.delete(key(me, i))).isTrue();
                            }
                        }
                    } finally {
                        writersDone.incrementAndGet();
                    }
                    return;
                }
                while (writersDone.get() < writers) {
                    boolean descending = scans.incrementAndGet() % 2 == 0;
                    byte[] prev = null;
                    try (TreeCursor c = tree.scan(KeyRange.all(), descending)) {
                        while (c.next()) {
                            byte[] k = c.key();
                            if (prev != null) {
                                int cmp = Arrays.compareUnsigned(prev, k);
                                assertThat(descending ? cmp > 0 : cmp < 0).as("scan order").isTrue();
                            }
                            assertThat(problem(k, c.value())).isNull();
                            prev = k;
                        }
                    }
                }
            });
            System.out.println("[BTreeConcurrencyStressTest] grow/shrink: " + scans.get() + " full scans during the churn");
            engine.check();
            try (TreeCursor c = tree.scan(KeyRange.all(), false)) {
                assertThat(c.next()).isFalse();
            }
        }
    }

    /**
     * Point reads descend optimistically (no pin, no latch, validated afterwards). Keys that
     * never change must always be found with their value, and keys that come and go must be
     * seen whole or not at all, while writers split and merge the nodes around them and a
     * pool of 64 frames keeps evicting pages and reusing frames under the readers.
     */
    @Test
    void optimisticGetsOfStableKeysNeverMissWhileNodesSplitMergeAndAreEvicted() throws Exception {
        int stable = 3_000;
        try (StorageEngine engine = StorageEngine.open(dir.resolve("olc.nq"), options(64))) {
            KvTree tree = engine.createTree("o");
            Random init = new Random(7);
            byte[][] stableValues = new byte[stable][];
            for (int i = 0; i < stable; i++) {
                byte[] k = key(0, 2 * i);
                stableValues[i] = value(k, 9, i, init);
                tree.put(k, stableValues[i]);
            }
            int writers = 2;
            java.util.concurrent.atomic.AtomicInteger writersDone = new java.util.concurrent.atomic.AtomicInteger();
            AtomicLong reads = new AtomicLong();
            runAll(THREADS, me -> {
                Random rnd = new Random(100 + me);
                if (me < writers) {
                    try {
                        for (int round = 0; round < 4; round++) {
                            for (int n = 0; n < stable; n++) { // odd keys between the stable ones: splits
                                byte[] k = key(0, 2 * rnd.nextInt(stable) + 1);
                                tree.put(k, value(k, me, round * 100_000L + n, rnd));
                            }
                            for (int n = 0; n < stable; n++) { // and away again: merges
                                tree.delete(key(0, 2 * rnd.nextInt(stable) + 1));
                            }
                        }
                    } finally {
                        writersDone.incrementAndGet();
                    }
                    return;
                }
                while (writersDone.get() < writers) {
                    int i = rnd.nextInt(stable);
                    assertThat(tree.get(key(0, 2 * i))).as("stable key %d", 2 * i).isEqualTo(stableValues[i]);
                    byte[] odd = key(0, 2 * rnd.nextInt(stable) + 1);
                    byte[] v = tree.get(odd);
                    if (v != null) {
                        assertThat(problem(odd, v)).isNull();
                    }
                    reads.addAndGet(2);
                }
            });
            System.out.println("[BTreeConcurrencyStressTest] optimistic gets: " + reads.get() + " during the churn; "
                    + engine.bufferPoolStats());
            engine.check();
        }
    }
}
