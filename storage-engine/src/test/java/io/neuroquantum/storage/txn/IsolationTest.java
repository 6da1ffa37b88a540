package io.neuroquantum.storage.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.neuroquantum.storage.api.EngineOptions;
import io.neuroquantum.storage.api.IsolationLevel;
import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.Savepoint;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.Transaction;
import io.neuroquantum.storage.api.TreeCursor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What each {@link IsolationLevel} prevents and allows, shown with real concurrent
 * transactions on one engine. "Blocks" is observed deterministically: the thread is seen
 * waiting inside {@link LockManager} (never "did not finish within N ms"), so nothing here
 * depends on the speed of the machine; the only timing assertion is that a deadlock is
 * detected well before the lock timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IsolationTest {

    /** Long enough that no blocking step of a test on a loaded machine reaches it; short enough to fail fast. */
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private Path file;
    private StorageEngine engine;
    private KvTree tree;
    private final List<Async<?>> started = new ArrayList<>();

    private static EngineOptions options(Duration lockTimeout) {
        return EngineOptions.defaults().withBufferPoolBytes(16L << 20).withWalSegmentBytes(1L << 20)
                .withLockTimeout(lockTimeout);
    }

    @BeforeEach
    void open() {
        file = dir.resolve("isolation.nqdb");
        engine = StorageEngine.open(file, options(LOCK_TIMEOUT));
        tree = engine.createTree("t");
    }

    @AfterEach
    void checkAndClose() throws Exception {
        for (Async<?> a : started) {
            a.thread.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(a.thread.isAlive()).as("helper thread %s still running", a.thread.getName()).isFalse();
        }
        if (engine != null) {
            try {
                engine.check();
            } finally {
                engine.close();
            }
        }
    }

    private void reopen(Duration lockTimeout) {
        engine.check();
        engine.close();
        engine = StorageEngine.open(file, options(lockTimeout));
        tree = engine.openTree("t");
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] num(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static long num(byte[] b) {
        return ByteBuffer.wrap(b).getLong();
    }

    /** Commits the given key/value strings in one transaction. */
    private void seed(String... kv) {
        try (Transaction t = engine.begin()) {
            for (int i = 0; i < kv.length; i += 2) {
                t.put(tree, b(kv[i]), b(kv[i + 1]));
            }
            t.commit();
        }
    }

    private static Map<String, String> scan(Transaction t, KvTree tree, KeyRange range, boolean descending) {
        Map<String, String> out = new LinkedHashMap<>();
        try (TreeCursor c = t.scan(tree, range, descending)) {
            while (c.next()) {
                out.put(s(c.key()), s(c.value()));
            }
        }
        return out;
    }

    /** The committed content of the tree, read in its own transaction. */
    private Map<String, String> committed() {
        try (Transaction t = engine.begin()) {
            Map<String, String> m = scan(t, tree, KeyRange.all(), false);
            t.commit();
            return m;
        }
    }

    private static Map<String, String> sorted(Map<String, String> m) {
        return new TreeMap<>(m);
    }

    /** Work running on its own platform thread, whose lock waits can be observed. */
    private static final class Async<T> {
        final Thread thread;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Async(String name, Callable<T> body) {
            thread = Thread.ofPlatform().daemon().name(name).unstarted(() -> {
                try {
                    result.complete(body.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        }

        T get() throws Exception {
            try {
                return result.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception x) {
                    throw x;
                }
                throw e;
            }
        }

        Throwable failure() throws InterruptedException {
            try {
                result.get(30, TimeUnit.SECONDS);
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (java.util.concurrent.TimeoutException e) {
                return e;
            }
        }

        /** Whether the thread is waiting for a lock right now. */
        boolean waitingForLock() {
            for (StackTraceElement e : thread.getStackTrace()) {
                if (e.getClassName().equals(LockManager.class.getName()) && e.getMethodName().equals("awaitGrant")) {
                    return true;
                }
            }
            return false;
        }

        /** Waits until the thread waits for a lock; fails if it finishes instead (it was not blocked). */
        Async<T> awaitBlocked() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!waitingForLock()) {
                if (result.isDone()) {
                    Object outcome;
                    try {
                        outcome = result.getNow(null);
                    } catch (Exception e) {
                        outcome = e.getCause();
                    }
                    fail("expected %s to block on a lock, but it finished: %s", thread.getName(),
                            outcome instanceof byte[] bytes ? s(bytes) : outcome);
                }
                if (System.nanoTime() > deadline) {
                    fail("%s neither blocked nor finished: %s", thread.getName(),
                            Arrays.toString(thread.getStackTrace()));
                }
                Thread.sleep(1);
            }
            return this;
        }
    }

    private <T> Async<T> async(String name, Callable<T> body) {
        Async<T> a = new Async<>(name, body);
        started.add(a);
        a.thread.start();
        return a;
    }

    // ------------------------------------------------------------------ dirty reads

    enum Op { UPDATE, DELETE, INSERT }

    /** Applies the uncommitted change: k20 updated to "new", k20 deleted, or k25 inserted. */
    private void change(Transaction w, Op op) {
        switch (op) {
            case UPDATE -> w.put(tree, b("k20"), b("new"));
            case DELETE -> assertThat(w.delete(tree, b("k20"))).isTrue();
            case INSERT -> assertThat(w.insert(tree, b("k25"), b("new"))).isTrue();
        }
    }

    private static Map<String, String> expectedAfter(Op op, boolean committed) {
        Map<String, String> m = new TreeMap<>(Map.of("k10", "v10", "k20", "v20", "k30", "v30"));
        if (committed) {
            switch (op) {
                case UPDATE -> m.put("k20", "new");
                case DELETE -> m.remove("k20");
                case INSERT -> m.put("k25", "new");
            }
        }
        return m;
    }

    static Stream<Arguments> levelsOpsOutcomes() {
        List<Arguments> out = new ArrayList<>();
        for (IsolationLevel level : IsolationLevel.values()) {
            for (Op op : Op.values()) {
                for (boolean commit : new boolean[] {true, false}) {
                    out.add(Arguments.of(level, op, commit));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} reader, uncommitted {1}, writer commits: {2}")
    @MethodSource("levelsOpsOutcomes")
    void aPointReadNeverSeesAnUncommittedChange_itWaitsAndThenSeesTheOutcome(IsolationLevel level, Op op,
            boolean commit) throws Exception {
        seed("k10", "v10", "k20", "v20", "k30", "v30");
        String key = op == Op.INSERT ? "k25" : "k20";
        Transaction writer = engine.begin();
        change(writer, op);
        Transaction reader = engine.begin(level);
        Async<byte[]> read = async("reader", () -> reader.get(tree, b(key))).awaitBlocked();
        if (commit) {
            writer.commit();
        } else {
            writer.rollback();
        }
        assertThat(s(read.get())).isEqualTo(expectedAfter(op, commit).get(key));
        reader.commit();
        assertThat(committed()).isEqualTo(expectedAfter(op, commit));
    }

    static Stream<Arguments> levelsOpsOutcomesDirections() {
        return levelsOpsOutcomes().flatMap(a -> Stream.of(false, true)
                .map(desc -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], desc)));
    }

    /**
     * A scan must not skip a row whose deletion is uncommitted (it may be rolled back), nor
     * return an uncommitted row or value: it waits, then sees the outcome.
     */
    @ParameterizedTest(name = "{0} scan (descending {3}), uncommitted {1}, writer commits: {2}")
    @MethodSource("levelsOpsOutcomesDirections")
    void aScanNeverSeesNorSkipsUncommittedChanges_itWaitsAndThenSeesTheOutcome(IsolationLevel level, Op op,
            boolean commit, boolean descending) throws Exception {
        seed("k10", "v10", "k20", "v20", "k30", "v30");
        Transaction writer = engine.begin();
        change(writer, op);
        Transaction reader = engine.begin(level);
        Async<Map<String, String>> read = async("scanner",
                () -> scan(reader, tree, KeyRange.all(), descending)).awaitBlocked();
        if (commit) {
            writer.commit();
        } else {
            writer.rollback();
        }
        Map<String, String> seen = read.get();
        assertThat(sorted(seen)).isEqualTo(expectedAfter(op, commit));
        List<String> order = new ArrayList<>(seen.keySet());
        List<String> expectedOrder = new ArrayList<>(expectedAfter(op, commit).keySet());
        if (descending) {
            expectedOrder = expectedOrder.reversed();
        }
        assertThat(order).isEqualTo(expectedOrder);
        reader.commit();
    }

    // ------------------------------------------------------------------ lost updates

    /** Two SERIALIZABLE read-modify-write increments that both read before either writes: one is a deadlock victim. */
    @Test
    void serializableLostUpdateIsPrevented_oneIncrementIsADeadlockVictimAndRetries() throws Exception {
        try (Transaction t = engine.begin()) {
            t.put(tree, b("counter"), num(0));
            t.commit();
        }
        CyclicBarrier bothRead = new CyclicBarrier(2);
        AtomicInteger deadlocks = new AtomicInteger();
        List<Async<Integer>> workers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            workers.add(async("incrementer-" + i, () -> {
                int attempts = 0;
                for (;;) {
                    attempts++;
                    Transaction t = engine.begin(IsolationLevel.SERIALIZABLE);
                    try {
                        long v = num(t.get(tree, b("counter")));
                        if (attempts == 1) {
                            bothRead.await(20, TimeUnit.SECONDS);
                        }
                        t.put(tree, b("counter"), num(v + 1));
                        t.commit();
                        return attempts;
                    } catch (LockException e) {
                        assertThat(e.reason()).isEqualTo(LockException.Reason.DEADLOCK);
                        assertThat(t.active()).as("the victim stays active until rolled back").isTrue();
                        deadlocks.incrementAndGet();
                        t.rollback();
                    } catch (Throwable e) {
                        t.close();
                        throw e;
                    }
                }
            }));
        }
        int totalAttempts = workers.get(0).get() + workers.get(1).get();
        // at least the first round is a deadlock; a retry can be a victim again (see
        // aPendingUpgradeIsNotOvertakenByANewReader for why), but every failure is a DEADLOCK
        assertThat(deadlocks.get()).isGreaterThanOrEqualTo(1);
        assertThat(totalAttempts).isEqualTo(2 + deadlocks.get());
        try (Transaction t = engine.begin()) {
            assertThat(num(t.get(tree, b("counter")))).isEqualTo(2);
            t.commit();
        }
        assertThat(engine.lockStats().total().deadlocks()).isEqualTo(deadlocks.get());
    }

    /**
     * LockManager promises FIFO ("a new request is granted when ... no earlier request is still
     * waiting, so writers are not starved by a stream of readers"). A reader arriving while an
     * S-to-X upgrade waits must therefore queue behind it. If it is granted instead, the
     * upgrader waits for it too, and in a read-modify-write the newcomer then deadlocks with
     * the upgrader: a retried transaction (a new, youngest id) can be the victim again and
     * again. Deterministic: t1 and t2 read the row, t1 asks to write it (waits for t2), then
     * t3 reads it.
     */
    @Test
    void aPendingUpgradeIsNotOvertakenByANewReader() throws Exception {
        seed("row", "0");
        Transaction t1 = engine.begin(IsolationLevel.SERIALIZABLE);
        Transaction t2 = engine.begin(IsolationLevel.SERIALIZABLE);
        assertThat(s(t1.get(tree, b("row")))).isEqualTo("0");
        assertThat(s(t2.get(tree, b("row")))).isEqualTo("0");
        Async<Void> upgrade = this.<Void>async("t1-upgrade", () -> {
            t1.put(tree, b("row"), b("t1"));
            t1.commit();
            return null;
        }).awaitBlocked();
        Transaction t3 = engine.begin(IsolationLevel.SERIALIZABLE);
        Async<byte[]> newReader = async("t3-read", () -> t3.get(tree, b("row")));
        try {
            newReader.awaitBlocked();
        } finally {
            t2.commit(); // lets t1 (and the test) finish either way
            if (newReader.result.isDone() && !upgrade.result.isDone()) {
                t3.commit(); // t3 overtook t1 and holds S: release it so t1 can finish
            }
            upgrade.get();
            newReader.get();
            if (t3.active()) {
                t3.commit();
            }
        }
        assertThat(s(newReader.get())).as("t3 read after t1's write").isEqualTo("t1");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(IsolationLevel.class)
    void manyConcurrentIncrementsAreNeverLost(IsolationLevel level) throws Exception {
        // SERIALIZABLE: plain read-modify-write, retried on deadlock.
        // READ_COMMITTED: a write lock first (a put of a guard row), then read-modify-write.
        int threads = 4;
        int increments = 25;
        try (Transaction t = engine.begin()) {
            t.put(tree, b("counter"), num(0));
            t.put(tree, b("guard"), num(0));
            t.commit();
        }
        AtomicInteger retries = new AtomicInteger();
        List<Async<Void>> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int id = i;
            workers.add(async("incrementer-" + i, () -> {
                for (int n = 0; n < increments; n++) {
                    for (;;) {
                        Transaction t = engine.begin(level);
                        try {
                            if (level == IsolationLevel.READ_COMMITTED) {
                                t.put(tree, b("guard"), num(id));
                            }
                            long v = num(t.get(tree, b("counter")));
                            t.put(tree, b("counter"), num(v + 1));
                            t.commit();
                            break;
                        } catch (LockException e) {
                            retries.incrementAndGet();
                            t.rollback();
                        } catch (Throwable e) {
                            t.close(); // release the locks so that the other threads can finish
                            throw e;
                        }
                    }
                }
                return null;
            }));
        }
        for (Async<Void> w : workers) {
            w.get();
        }
        try (Transaction t = engine.begin()) {
            assertThat(num(t.get(tree, b("counter")))).isEqualTo((long) threads * increments);
            t.commit();
        }
        if (level == IsolationLevel.READ_COMMITTED) {
            assertThat(retries.get()).as("the guard row serializes the increments: no deadlocks").isZero();
        }
    }

    /** The contrast: READ_COMMITTED with a plain read-then-write loses an update (allowed at that level). */
    @Test
    void readCommittedReadThenWriteCanLoseAnUpdate() throws Exception {
        try (Transaction t = engine.begin()) {
            t.put(tree, b("counter"), num(0));
            t.commit();
        }
        Transaction t1 = engine.begin(IsolationLevel.READ_COMMITTED);
        Transaction t2 = engine.begin(IsolationLevel.READ_COMMITTED);
        long v1 = num(t1.get(tree, b("counter")));
        long v2 = num(t2.get(tree, b("counter"))); // no lock kept: both read 0
        t1.put(tree, b("counter"), num(v1 + 1));
        Async<Void> second = this.<Void>async("t2-write", () -> {
            t2.put(tree, b("counter"), num(v2 + 1));
            t2.commit();
            return null;
        }).awaitBlocked(); // waits for t1's exclusive lock...
        t1.commit();
        second.get(); // ...then overwrites it with the value computed from the stale read
        try (Transaction t = engine.begin()) {
            assertThat(num(t.get(tree, b("counter")))).as("one increment lost").isEqualTo(1);
            t.commit();
        }
    }

    // ------------------------------------------------------------------ non-repeatable reads

    @Test
    void readCommittedAllowsNonRepeatableReads() throws Exception {
        seed("k", "v1");
        Transaction reader = engine.begin(IsolationLevel.READ_COMMITTED);
        assertThat(s(reader.get(tree, b("k")))).isEqualTo("v1");
        // the writer does not wait: the reader kept no lock
        async("writer", () -> {
            try (Transaction w = engine.begin()) {
                w.put(tree, b("k"), b("v2"));
                w.commit();
            }
            return null;
        }).get();
        assertThat(s(reader.get(tree, b("k")))).as("the same read now returns another value").isEqualTo("v2");
        reader.commit();
    }

    @ParameterizedTest(name = "writer {0}")
    @EnumSource(value = Op.class, names = {"UPDATE", "DELETE"})
    void serializablePreventsNonRepeatableReads_theWriterWaitsForTheReader(Op op) throws Exception {
        seed("k10", "v10", "k20", "v20", "k30", "v30");
        Transaction reader = engine.begin(IsolationLevel.SERIALIZABLE);
        assertThat(s(reader.get(tree, b("k20")))).isEqualTo("v20");
        Async<Void> writer = this.<Void>async("writer", () -> {
            try (Transaction w = engine.begin(IsolationLevel.READ_COMMITTED)) {
                change(w, op);
                w.commit();
            }
            return null;
        }).awaitBlocked();
        assertThat(s(reader.get(tree, b("k20")))).isEqualTo("v20");
        assertThat(scan(reader, tree, KeyRange.all(), false)).containsEntry("k20", "v20");
        reader.commit();
        writer.get();
        assertThat(committed()).isEqualTo(expectedAfter(op, true));
    }

    // ------------------------------------------------------------------ phantoms

    /** Where a concurrent insert lands relative to the scanned range; tree holds k10, k20, k30, k40. */
    enum Phantom {
        /** range [k10, k35], insert k15 between two rows. */
        INSIDE(KeyRange.closed(b("k10"), b("k35")), "k15"),
        /** range [k05, k35], insert k07, before the first row of the range. */
        BEFORE_FIRST_ROW(KeyRange.closed(b("k05"), b("k35")), "k07"),
        /** range [k10, k35], insert k33, after the last row of the range (the gap up to k40). */
        AFTER_LAST_ROW(KeyRange.closed(b("k10"), b("k35")), "k33"),
        /** range [k20, +inf), insert k50, after the last key of the tree. */
        END_OF_TREE(KeyRange.atLeast(b("k20")), "k50"),
        /** range (k10, k30), exclusive bounds, insert k25. */
        EXCLUSIVE_BOUNDS(new KeyRange(b("k10"), false, b("k30"), false), "k25");

        final KeyRange range;
        final String insert;

        Phantom(KeyRange range, String insert) {
            this.range = range;
            this.insert = insert;
        }
    }

    static Stream<Arguments> phantomCases() {
        return Stream.of(Phantom.values()).flatMap(p -> Stream.of(Arguments.of(p, false), Arguments.of(p, true)));
    }

    private static Map<String, String> inRange(Map<String, String> all, KeyRange range) {
        Map<String, String> out = new TreeMap<>();
        all.forEach((k, v) -> {
            if (range.contains(b(k))) {
                out.put(k, v);
            }
        });
        return out;
    }

    @ParameterizedTest(name = "{0}, descending {1}")
    @MethodSource("phantomCases")
    void readCommittedAllowsPhantoms(Phantom p, boolean descending) throws Exception {
        seed("k10", "v10", "k20", "v20", "k30", "v30", "k40", "v40");
        Transaction scanner = engine.begin(IsolationLevel.READ_COMMITTED);
        Map<String, String> first = scan(scanner, tree, p.range, descending);
        async("inserter", () -> {
            try (Transaction w = engine.begin()) {
                assertThat(w.insert(tree, b(p.insert), b("phantom"))).isTrue();
                w.commit();
            }
            return null;
        }).get(); // does not wait
        Map<String, String> second = scan(scanner, tree, p.range, descending);
        scanner.commit();
        assertThat(second).hasSize(first.size() + 1).containsEntry(p.insert, "phantom");
    }

    @ParameterizedTest(name = "{0}, descending {1}")
    @MethodSource("phantomCases")
    void serializablePreventsPhantoms_anInsertIntoTheScannedRangeWaitsForTheScanner(Phantom p, boolean descending)
            throws Exception {
        seed("k10", "v10", "k20", "v20", "k30", "v30", "k40", "v40");
        Map<String, String> all = committed();
        Transaction scanner = engine.begin(IsolationLevel.SERIALIZABLE);
        Map<String, String> first = scan(scanner, tree, p.range, descending);
        assertThat(sorted(first)).isEqualTo(inRange(all, p.range));
        Async<Void> inserter = this.<Void>async("inserter", () -> {
            try (Transaction w = engine.begin(IsolationLevel.READ_COMMITTED)) {
                assertThat(w.insert(tree, b(p.insert), b("phantom"))).isTrue();
                w.commit();
            }
            return null;
        }).awaitBlocked();
        Map<String, String> second = scan(scanner, tree, p.range, descending);
        assertThat(second).as("no phantom while the scanner is active").isEqualTo(first);
        // the scanner's own writes still work while the inserter waits
        scanner.put(tree, b("k20"), b("mine"));
        scanner.commit();
        inserter.get();
        Map<String, String> after = committed();
        assertThat(after).containsEntry(p.insert, "phantom").containsEntry("k20", "mine");
    }

    @Test
    void serializableScanOfAnEmptyTreeBlocksAnyInsert() throws Exception {
        Transaction scanner = engine.begin();
        assertThat(scan(scanner, tree, KeyRange.all(), false)).isEmpty();
        Async<Void> inserter = this.<Void>async("inserter", () -> {
            try (Transaction w = engine.begin()) {
                w.put(tree, b("x"), b("1"));
                w.commit();
            }
            return null;
        }).awaitBlocked();
        assertThat(scan(scanner, tree, KeyRange.all(), false)).isEmpty();
        scanner.commit();
        inserter.get();
        assertThat(committed()).containsExactly(Map.entry("x", "1"));
    }

    /** A SERIALIZABLE point read of a missing key keeps it missing: an insert of it waits. */
    @Test
    void serializableReadOfAMissingKeyPreventsItsInsertion() throws Exception {
        seed("k10", "v10", "k30", "v30");
        Transaction reader = engine.begin(IsolationLevel.SERIALIZABLE);
        assertThat(reader.get(tree, b("k20"))).isNull();
        Async<Void> inserter = this.<Void>async("inserter", () -> {
            try (Transaction w = engine.begin()) {
                w.put(tree, b("k20"), b("late"));
                w.commit();
            }
            return null;
        }).awaitBlocked();
        assertThat(reader.get(tree, b("k20"))).isNull();
        reader.commit();
        inserter.get();
        assertThat(committed()).containsEntry("k20", "late");
    }

    /** Rows a SERIALIZABLE scan returned cannot be updated or deleted until it ends (both directions). */
    @ParameterizedTest(name = "writer {0}, descending {1}")
    @MethodSource("updateOrDeleteAndDirection")
    void serializableScanPreventsChangesToTheRowsItRead(Op op, boolean descending) throws Exception {
        seed("k10", "v10", "k20", "v20", "k30", "v30");
        Transaction scanner = engine.begin(IsolationLevel.SERIALIZABLE);
        Map<String, String> first = scan(scanner, tree, KeyRange.all(), descending);
        Async<Void> writer = this.<Void>async("writer", () -> {
            try (Transaction w = engine.begin(IsolationLevel.READ_COMMITTED)) {
                change(w, op);
                w.commit();
            }
            return null;
        }).awaitBlocked();
        assertThat(scan(scanner, tree, KeyRange.all(), descending)).isEqualTo(first);
        scanner.commit();
        writer.get();
        assertThat(committed()).isEqualTo(expectedAfter(op, true));
    }

    static Stream<Arguments> updateOrDeleteAndDirection() {
        return Stream.of(Op.UPDATE, Op.DELETE).flatMap(op -> Stream.of(Arguments.of(op, false), Arguments.of(op, true)));
    }

    /** The scanner itself may insert into the gaps it locked, even while another inserter waits for them. */
    @Test
    void aSerializableScannerCanInsertIntoItsOwnLockedGapsWhileOthersWait() throws Exception {
        seed("k10", "v10", "k30", "v30");
        Transaction scanner = engine.begin(IsolationLevel.SERIALIZABLE);
        assertThat(scan(scanner, tree, KeyRange.all(), false)).hasSize(2);
        Async<Void> inserter = this.<Void>async("inserter", () -> {
            try (Transaction w = engine.begin()) {
                w.insert(tree, b("k20"), b("theirs"));
                w.commit();
            }
            return null;
        }).awaitBlocked();
        assertThat(scanner.insert(tree, b("k25"), b("mine"))).isTrue();
        assertThat(scanner.insert(tree, b("k40"), b("mine"))).isTrue();
        assertThat(scan(scanner, tree, KeyRange.all(), false).keySet()).containsExactly("k10", "k25", "k30", "k40");
        scanner.commit();
        inserter.get();
        assertThat(committed().keySet()).containsExactly("k10", "k20", "k25", "k30", "k40");
    }

    // ------------------------------------------------------------------ deadlocks and timeouts

    /**
     * n transactions each lock one row, then all at once ask for the next one's row: a cycle.
     * Exactly one (the youngest) fails with DEADLOCK, fast; the others then proceed.
     */
    @ParameterizedTest(name = "cycle of {0}")
    @MethodSource("cycleSizes")
    void aDeadlockIsDetectedQuicklyAndExactlyOneTransactionIsTheVictim(int n) throws Exception {
        String[] rows = new String[n];
        for (int i = 0; i < n; i++) {
            rows[i] = "row" + i;
            seed(rows[i], "initial");
        }
        Transaction[] txns = new Transaction[n];
        for (int i = 0; i < n; i++) {
            txns[i] = engine.begin();
            txns[i].put(tree, b(rows[i]), b("t" + i));
        }
        CyclicBarrier go = new CyclicBarrier(n);
        AtomicLong victimNanos = new AtomicLong(-1);
        List<Async<Boolean>> workers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int me = i;
            workers.add(async("txn-" + i, () -> {
                go.await(20, TimeUnit.SECONDS);
                long t0 = System.nanoTime();
                try {
                    txns[me].put(tree, b(rows[(me + 1) % n]), b("t" + me));
                } catch (LockException e) {
                    victimNanos.set(System.nanoTime() - t0);
                    assertThat(e.reason()).isEqualTo(LockException.Reason.DEADLOCK);
                    assertThat(e.getMessage()).contains("deadlock");
                    txns[me].rollback();
                    return false;
                }
                txns[me].commit();
                return true;
            }));
        }
        List<Integer> victims = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!workers.get(i).get()) {
                victims.add(i);
            }
        }
        assertThat(victims).as("exactly one victim, the youngest transaction").containsExactly(n - 1);
        assertThat(Duration.ofNanos(victimNanos.get())).as("detected long before the lock timeout")
                .isLessThan(Duration.ofSeconds(1));
        Map<String, String> after = committed();
        // the survivors' writes: t_i wrote row_i and row_{i+1}; the victim's writes are gone.
        // Commit order is a chain: t_{n-2} committed first (its next row was the victim's), then t_{n-3}, ...
        for (int i = 0; i < n - 1; i++) {
            assertThat(after.get(rows[(i + 1) % n])).isEqualTo("t" + i);
        }
        assertThat(after.get(rows[0])).as("row0: written by t0 only, the victim's write undone").isEqualTo("t0");
        assertThat(engine.lockStats().total().deadlocks()).isEqualTo(1);
    }

    static Stream<Integer> cycleSizes() {
        return Stream.of(2, 3);
    }

    @Test
    void deadlockBetweenReadersUpgradingToWriters() throws Exception {
        seed("a", "1", "b", "1");
        Transaction t1 = engine.begin();
        Transaction t2 = engine.begin();
        assertThat(s(t1.get(tree, b("a")))).isEqualTo("1");
        assertThat(s(t2.get(tree, b("b")))).isEqualTo("1");
        Async<Void> w1 = this.<Void>async("t1", () -> {
            t1.put(tree, b("b"), b("t1"));
            return null;
        }).awaitBlocked();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> t2.put(tree, b("a"), b("t2"))).isInstanceOfSatisfying(LockException.class,
                e -> assertThat(e.reason()).isEqualTo(LockException.Reason.DEADLOCK));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        assertThat(t2.active()).isTrue();
        t2.rollback();
        w1.get();
        t1.commit();
        assertThat(committed()).isEqualTo(Map.of("a", "1", "b", "t1"));
    }

    @ParameterizedTest(name = "waiting {0}")
    @EnumSource(Op.class)
    void aLockWaitThatOutlastsTheTimeoutFailsWithTimeout_andTheTransactionStaysUsable(Op op) {
        reopen(Duration.ofMillis(300));
        seed("k10", "v10", "k20", "v20", "k30", "v30");
        Transaction holder = engine.begin();
        holder.put(tree, b("k20"), b("held"));
        holder.put(tree, b("k25"), b("held"));
        Transaction waiter = engine.begin(IsolationLevel.SERIALIZABLE);
        waiter.put(tree, b("other"), b("kept"));
        long t0 = System.nanoTime();
        Runnable blocked = switch (op) {
            case UPDATE -> () -> waiter.put(tree, b("k20"), b("w"));
            case DELETE -> () -> waiter.delete(tree, b("k20"));
            case INSERT -> () -> waiter.get(tree, b("k25"));
        };
        assertThatThrownBy(blocked::run).isInstanceOfSatisfying(LockException.class, e -> {
            assertThat(e.reason()).isEqualTo(LockException.Reason.TIMEOUT);
            assertThat(e.getMessage()).contains("timeout");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(waiter.active()).isTrue();
        waiter.commit(); // its earlier work is intact and commits
        holder.rollback();
        assertThat(committed()).isEqualTo(Map.of("k10", "v10", "k20", "v20", "k30", "v30", "other", "kept"));
        assertThat(engine.lockStats().total().timeouts()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ savepoints and rollback

    @Test
    void rollbackToASavepointUndoesOnlyLaterChanges() {
        seed("a", "1", "b", "2", "c", "3");
        try (Transaction t = engine.begin()) {
            t.put(tree, b("a"), b("10"));
            Savepoint sp1 = t.savepoint("sp1");
            t.put(tree, b("a"), b("100"));
            assertThat(t.delete(tree, b("b"))).isTrue();
            t.put(tree, b("d"), b("4"));
            Savepoint sp2 = t.savepoint("sp2");
            t.put(tree, b("c"), b("30"));
            t.rollbackTo(sp2);
            assertThat(scan(t, tree, KeyRange.all(), false))
                    .isEqualTo(Map.of("a", "100", "c", "3", "d", "4"));
            t.rollbackTo(sp1);
            assertThat(scan(t, tree, KeyRange.all(), false)).isEqualTo(Map.of("a", "10", "b", "2", "c", "3"));
            // the savepoint remains usable; a later one that was rolled past does not
            t.put(tree, b("e"), b("5"));
            t.rollbackTo(sp1);
            assertThatThrownBy(() -> t.rollbackTo(sp2)).isInstanceOf(IllegalArgumentException.class);
            t.put(tree, b("f"), b("6"));
            t.commit();
        }
        Map<String, String> expected = Map.of("a", "10", "b", "2", "c", "3", "f", "6");
        assertThat(committed()).isEqualTo(expected);
        reopen(LOCK_TIMEOUT);
        assertThat(committed()).isEqualTo(expected);
    }

    @Test
    void rollbackRestoresOverwrittenAndDeletedValues() {
        seed("a", "1", "b", "2", "c", "3");
        byte[] big = new byte[3000]; // overflow-sized values too
        Arrays.fill(big, (byte) 'x');
        try (Transaction t = engine.begin()) {
            t.put(tree, b("a"), b("changed"));
            assertThat(t.delete(tree, b("b"))).isTrue();
            assertThat(t.insert(tree, b("d"), b("new"))).isTrue();
            t.put(tree, b("c"), big);
            assertThat(t.delete(tree, b("c"))).isTrue();
            for (int i = 0; i < 300; i++) {
                t.put(tree, b(String.format("bulk%04d", i)), big);
            }
            t.rollback();
        }
        Map<String, String> expected = Map.of("a", "1", "b", "2", "c", "3");
        assertThat(committed()).isEqualTo(expected);
        // closing an active transaction rolls it back too
        try (Transaction t = engine.begin()) {
            t.put(tree, b("a"), b("lost"));
            t.delete(tree, b("c"));
        }
        assertThat(committed()).isEqualTo(expected);
        reopen(LOCK_TIMEOUT);
        assertThat(committed()).isEqualTo(expected);
    }

    @Test
    void aSavepointRollbackReleasesNothing_otherTransactionsStillWait() throws Exception {
        seed("a", "1");
        Transaction t = engine.begin();
        Savepoint sp = t.savepoint("sp");
        t.put(tree, b("a"), b("2"));
        t.rollbackTo(sp);
        // strict 2PL: the row lock taken after the savepoint is still held
        Transaction other = engine.begin(IsolationLevel.READ_COMMITTED);
        Async<byte[]> read = async("reader", () -> other.get(tree, b("a"))).awaitBlocked();
        t.commit();
        assertThat(s(read.get())).isEqualTo("1");
        other.commit();
    }

    // ------------------------------------------------------------------ randomized transfers

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void randomSerializableTransfersKeepTheTotalInvariant() throws Exception {
        long seed = Long.getLong("isolation.seed", System.nanoTime());
        System.out.println("IsolationTest transfers seed " + seed + " (rerun with -Disolation.seed=" + seed + ")");
        int accounts = 16;
        long initial = 1000;
        int threads = 4;
        int transfersPerThread = 60;
        try (Transaction t = engine.begin()) {
            for (int i = 0; i < accounts; i++) {
                t.put(tree, account(i), num(initial));
            }
            t.commit();
        }
        long total = accounts * initial;
        AtomicInteger retries = new AtomicInteger();
        AtomicInteger audits = new AtomicInteger();
        List<Async<Void>> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            SplittableRandom rnd = new SplittableRandom(seed + w);
            workers.add(async("transfers-" + w, () -> {
                for (int n = 0; n < transfersPerThread; n++) {
                    int from = rnd.nextInt(accounts);
                    int to = (from + 1 + rnd.nextInt(accounts - 1)) % accounts;
                    long amount = rnd.nextLong(1, 200);
                    boolean audit = rnd.nextInt(10) == 0;
                    boolean abort = rnd.nextInt(10) == 0;
                    for (;;) {
                        Transaction t = engine.begin(IsolationLevel.SERIALIZABLE);
                        try {
                            if (audit) {
                                long sum = 0;
                                int count = 0;
                                try (TreeCursor c = t.scan(tree, KeyRange.all(), rnd.nextBoolean())) {
                                    while (c.next()) {
                                        sum += num(c.value());
                                        count++;
                                    }
                                }
                                assertThat(count).isEqualTo(accounts);
                                assertThat(sum).as("a serializable audit sees a consistent total").isEqualTo(total);
                                audits.incrementAndGet();
                            }
                            long a = num(t.get(tree, account(from)));
                            long b = num(t.get(tree, account(to)));
                            t.put(tree, account(from), num(a - amount));
                            t.put(tree, account(to), num(b + amount));
                            if (abort) {
                                t.rollback();
                            } else {
                                t.commit();
                            }
                            break;
                        } catch (LockException e) {
                            retries.incrementAndGet();
                            t.rollback();
                        } catch (Throwable e) {
                            t.close(); // release the locks so that the other threads can finish
                            throw e;
                        }
                    }
                }
                return null;
            }));
        }
        for (Async<Void> w : workers) {
            w.get();
        }
        System.out.printf("transfers: %d retries, %d audits, %d deadlocks, %d timeouts%n", retries.get(), audits.get(),
                engine.lockStats().total().deadlocks(), engine.lockStats().total().timeouts());
        assertThat(sumOfAccounts()).isEqualTo(total);
        reopen(LOCK_TIMEOUT);
        assertThat(engine.recovery().losers()).isZero();
        assertThat(sumOfAccounts()).isEqualTo(total);
    }

    private static byte[] account(int i) {
        return b(String.format("acct%03d", i));
    }

    private long sumOfAccounts() {
        long sum = 0;
        int count = 0;
        try (Transaction t = engine.begin(); TreeCursor c = t.scan(tree, KeyRange.all(), false)) {
            while (c.next()) {
                sum += num(c.value());
                count++;
            }
            t.commit();
        }
        assertThat(count).isEqualTo(16);
        return sum;
    }
}
