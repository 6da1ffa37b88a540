package io.neuroquantum.storage.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.storage.api.EngineOptions;
import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.Transaction;
import io.neuroquantum.storage.api.TreeCursor;
import io.neuroquantum.storage.file.FileIO;
import io.neuroquantum.storage.page.StorageException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the engine behaves when the disk misbehaves: failed fsync and disk full on the log
 * (fail-stop, nothing acknowledged is lost, the failed commit is all or nothing), a torn
 * log tail, a torn page write (repaired from full page images), and a crash during recovery
 * (recovery is idempotent). Log faults are injected through {@link EngineOptions#withFileIO};
 * the page file does not go through {@link FileIO}, so page faults are made by corrupting a
 * crash image on disk: a copy of the files taken while the engine was open (not closed, no
 * final checkpoint), which is exactly what a crash leaves.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FailureBehaviourTest {

    private static final String TREE = "t";

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ fault injection

    /**
     * Real files with injectable faults: a failing fsync (the next one, or the n-th from
     * now), disk full (at once, or after a budget of bytes, so the last write is short and
     * then fails), and a record of the last write.
     */
    static final class FaultyIO implements FileIO {
        final AtomicBoolean failNextForce = new AtomicBoolean();
        final AtomicInteger failForceNumber = new AtomicInteger(-1);
        final AtomicInteger forces = new AtomicInteger();
        final AtomicBoolean diskFull = new AtomicBoolean();
        final AtomicLong spaceLeft = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong bytesWritten = new AtomicLong();
        final AtomicInteger injected = new AtomicInteger();
        volatile Write lastWrite;
        final List<Write> writes = java.util.Collections.synchronizedList(new ArrayList<>());

        record Write(Path path, long position, int length) {
        }

        @Override
        public Handle open(Path path, OpenOption... options) throws IOException {
            Handle real = FileIO.REAL.open(path, options);
            return new Handle() {
                @Override
                public int write(ByteBuffer src, long position) throws IOException {
                    synchronized (FaultyIO.this) {
                        if (diskFull.get() || spaceLeft.get() <= 0) {
                            injected.incrementAndGet();
                            throw new IOException("No space left on device (injected)");
                        }
                        int n = (int) Math.min(src.remaining(), spaceLeft.get());
                        ByteBuffer part = src.slice(src.position(), n);
                        int written = real.write(part, position);
                        src.position(src.position() + written);
                        spaceLeft.addAndGet(-written);
                        bytesWritten.addAndGet(written);
                        lastWrite = new Write(path, position, written);
                        writes.add(lastWrite);
                        return written;
                    }
                }

                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    return real.read(dst, position);
                }

                @Override
                public void force() throws IOException {
                    int n = forces.getAndIncrement();
                    if (failNextForce.getAndSet(false) || n == failForceNumber.get()) {
                        injected.incrementAndGet();
                        throw new IOException("Input/output error (injected fsync failure)");
                    }
                    real.force();
                }

                @Override
                public long size() throws IOException {
                    return real.size();
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        }
    }

    /** No background page flushing or checkpoints: every write in a test is one the test caused. */
    private static EngineOptions options(FileIO io) {
        return EngineOptions.defaults().withBufferPoolBytes(16L << 20).withWalSegmentBytes(256L << 10)
                .withFlushInterval(Duration.ofHours(1)).withCheckpoints(Duration.ofHours(1), 1L << 40)
                .withLockTimeout(Duration.ofSeconds(5)).withFileIO(io);
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String value(String key, int version, int length) {
        StringBuilder sb = new StringBuilder(key).append('#').append(version).append(':');
        while (sb.length() < length) {
            sb.append((char) ('a' + (sb.length() * 7 + version) % 26));
        }
        return sb.toString();
    }

    /** Commits the entries in one transaction (empty value: delete). */
    private static void commit(StorageEngine e, KvTree t, Map<String, String> entries) {
        try (Transaction tx = e.begin()) {
            entries.forEach((k, v) -> {
                if (v.isEmpty()) {
                    tx.delete(t, b(k));
                } else {
                    tx.put(t, b(k), b(v));
                }
            });
            tx.commit();
        }
    }

    /** Every tree's content, read without locks (nothing else runs). */
    private static Map<String, Map<String, String>> contents(StorageEngine e) {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (String name : e.treeNames()) {
            Map<String, String> m = new TreeMap<>();
            try (TreeCursor c = e.openTree(name).scan(KeyRange.all(), false)) {
                while (c.next()) {
                    m.put(s(c.key()), s(c.value()));
                }
            }
            all.put(name, m);
        }
        return all;
    }

    private static Map<String, String> tree(StorageEngine e) {
        return contents(e).getOrDefault(TREE, Map.of());
    }

    /** Copies the page file and its log directory: a crash image if the engine is open and idle. */
    private static Path copyStore(Path file, Path toDir) throws IOException {
        Files.createDirectories(toDir);
        Path copy = toDir.resolve(file.getFileName());
        Files.copy(file, copy);
        Path wal = StorageEngine.walDirectory(file);
        Path walCopy = StorageEngine.walDirectory(copy);
        Files.createDirectories(walCopy);
        try (Stream<Path> files = Files.list(wal)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, walCopy.resolve(f.getFileName()));
                }
            }
        }
        return copy;
    }

    private static final Set<String> ENGINE_THREADS = Set.of("nq-page-flusher", "nq-checkpointer", "nq-wal-async-flush");

    private static long engineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && ENGINE_THREADS.contains(t.getName())).count();
    }

    /** Closes a failed engine: it may refuse, but only with a message naming the cause. */
    private static void closeFailedEngine(StorageEngine engine, String cause, List<String> problems) {
        try {
            engine.close();
        } catch (StorageException | IllegalStateException | java.io.UncheckedIOException e) {
            if (!String.valueOf(e.getMessage()).contains(cause)) {
                problems.add("close failed without naming the cause '" + cause + "': " + e);
            }
        }
    }

    private static List<String> liveEngineThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> ENGINE_THREADS.contains(t.getName()))
                .map(Thread::getName).toList();
    }

    // ------------------------------------------------------------------ (a) fsync failure, (b) disk full

    enum LogFault { FSYNC, DISK_FULL, DISK_FULL_SHORT_WRITE }

    private static void arm(FaultyIO io, LogFault fault) {
        switch (fault) {
            case FSYNC -> io.failNextForce.set(true);
            case DISK_FULL -> io.diskFull.set(true);
            case DISK_FULL_SHORT_WRITE -> io.spaceLeft.set(1000); // part of the next write lands, then ENOSPC
        }
    }

    private static String causeText(LogFault fault) {
        return fault == LogFault.FSYNC ? "injected fsync failure" : "No space left on device";
    }

    /**
     * The commit that hits the fault throws, naming it; from then on nothing that writes
     * succeeds (fail-stop); close works or fails cleanly; after a restart every acknowledged
     * commit is there, the failed one is all there or not at all, and a transaction whose
     * commit was refused afterwards is absent.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogFault.class)
    void aLogFailureDuringCommitIsFailStopAndLosesNothingAcknowledged(LogFault fault) throws Exception {
        Path file = dir.resolve("store.nqdb");
        FaultyIO io = new FaultyIO();
        Map<String, String> acknowledged = new TreeMap<>();
        Map<String, String> failedCommit = new TreeMap<>();
        Map<String, String> refusedCommit = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        StorageEngine engine = StorageEngine.open(file, options(io));
        KvTree t = engine.createTree(TREE);
        for (int i = 0; i < 20; i++) {
            Map<String, String> txn = new LinkedHashMap<>();
            for (int k = 0; k < 3; k++) {
                String key = String.format("ack%03d-%d", i, k);
                txn.put(key, value(key, i, 150));
            }
            commit(engine, t, txn);
            acknowledged.putAll(txn);
        }
        // a transaction with logged (buffered) changes whose commit comes after the failure
        Transaction later = engine.begin();
        for (int k = 0; k < 3; k++) {
            String key = "later-" + k;
            later.put(t, b(key), b(value(key, 1, 150)));
            refusedCommit.put(key, value(key, 1, 150));
        }
        Transaction failing = engine.begin();
        for (int k = 0; k < 3; k++) {
            String key = "failing-" + k;
            failing.put(t, b(key), b(value(key, 1, 150)));
            failedCommit.put(key, value(key, 1, 150));
        }
        // overwrite an acknowledged key too: after recovery it is either the old or the new value, consistently
        failing.put(t, b("ack000-0"), b("overwritten-by-failing"));
        arm(io, fault);
        assertThatThrownBy(failing::commit).isInstanceOf(StorageException.class)
                .hasMessageContaining(causeText(fault)).hasMessageContaining("stopped accepting writes");
        assertThat(failing.active()).isFalse();
        assertThat(io.injected.get()).isPositive();

        // fail-stop: no later commit, no later change, no checkpoint or flush succeeds
        assertThatThrownBy(later::commit).isInstanceOf(StorageException.class).hasMessageContaining(causeText(fault));
        assertThat(later.active()).isFalse();
        io.diskFull.set(false); // even if the disk recovers, the log stays failed
        io.spaceLeft.set(Long.MAX_VALUE);
        try (Transaction tx = engine.begin()) {
            assertThatThrownBy(() -> {
                tx.put(t, b("after-failure"), b("x"));
                tx.commit();
            }).isInstanceOf(StorageException.class).hasMessageContaining(causeText(fault));
        }
        assertThatThrownBy(engine::checkpoint).isInstanceOf(StorageException.class)
                .hasMessageContaining(causeText(fault));
        assertThatThrownBy(engine::flush).isInstanceOf(StorageException.class).hasMessageContaining(causeText(fault));
        closeFailedEngine(engine, causeText(fault), problems);

        try (StorageEngine reopened = StorageEngine.open(file, options(FileIO.REAL))) {
            Map<String, String> found = tree(reopened);
            boolean failedPresent = found.containsKey("failing-0");
            Map<String, String> expected = new TreeMap<>(acknowledged);
            if (failedPresent) {
                expected.putAll(failedCommit);
                expected.put("ack000-0", "overwritten-by-failing");
            }
            assertThat(found).as("acknowledged commits, and the failed one all or nothing (present: %s)",
                    failedPresent).isEqualTo(expected);
            assertThat(found.keySet()).doesNotContainAnyElementsOf(refusedCommit.keySet());
            reopened.check();
            commit(reopened, reopened.openTree(TREE), Map.of("after-restart", "ok"));
            System.out.printf("%s: the failed commit is %s after restart%n", fault, failedPresent ? "present" : "absent");
        }
        try (StorageEngine again = StorageEngine.open(file, options(FileIO.REAL))) {
            assertThat(tree(again)).containsEntry("after-restart", "ok").containsAllEntriesOf(
                    Map.of("ack019-2", acknowledged.get("ack019-2")));
            again.check();
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Four threads commit two-row transactions as fast as they can when the log fails: every
     * thread stops with the fault's message, no commit started after the failure was seen
     * succeeds, and after a restart every acknowledged transaction is there and each failed
     * one is all or nothing.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogFault.class)
    void concurrentCommittersAllStopAtTheFirstLogFailure(LogFault fault) throws Exception {
        Path file = dir.resolve("store.nqdb");
        FaultyIO io = new FaultyIO();
        List<String> problems = new ArrayList<>();
        StorageEngine engine = StorageEngine.open(file, options(io));
        KvTree t = engine.createTree(TREE);
        int threads = 4;
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Set<String> failed = ConcurrentHashMap.newKeySet();
        Set<String> attempted = ConcurrentHashMap.newKeySet();
        List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicBoolean failureSeen = new AtomicBoolean();
        AtomicInteger ackCount = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int me = w;
            workers.add(Thread.ofPlatform().name("committer-" + w).start(() -> {
                int failures = 0;
                for (int i = 0; failures < 2 && i < 100_000; i++) {
                    String txn = "w" + me + "-" + i;
                    boolean seenBefore = failureSeen.get();
                    attempted.add(txn);
                    // no try-with-resources here: see aTransactionClosedByTryWithResourcesAfterALogFailure...
                    Transaction tx = engine.begin();
                    try {
                        tx.put(t, b(txn + "-a"), b(value(txn, i, 100)));
                        tx.put(t, b(txn + "-b"), b(value(txn, i, 100)));
                        tx.commit();
                        acked.add(txn);
                        ackCount.incrementAndGet();
                        if (seenBefore) {
                            violations.add(txn + " committed although the log had already failed");
                        }
                    } catch (StorageException e) {
                        try {
                            tx.close();
                        } catch (StorageException rollbackFailed) {
                            // the log is failed: the rollback cannot be logged
                        }
                        failed.add(txn);
                        failureSeen.set(true);
                        failures++;
                        if (!String.valueOf(e.getMessage()).contains(causeText(fault))) {
                            violations.add(txn + " failed without naming the cause: " + e);
                        }
                    } catch (RuntimeException e) {
                        violations.add(txn + " failed with an unexpected exception: " + e);
                        return;
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ackCount.get() >= 40);
        assertThat(ackCount.get()).isGreaterThanOrEqualTo(40);
        arm(io, fault);
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(w.isAlive()).as("%s stopped after the failure", w.getName()).isFalse();
        }
        assertThat(violations).isEmpty();
        assertThat(failed).hasSizeGreaterThanOrEqualTo(threads * 2);
        closeFailedEngine(engine, causeText(fault), problems);

        try (StorageEngine reopened = StorageEngine.open(file, options(FileIO.REAL))) {
            Map<String, String> found = tree(reopened);
            List<String> wrong = new ArrayList<>();
            int failedPresent = 0;
            for (String txn : attempted) {
                boolean a = found.containsKey(txn + "-a");
                boolean bb = found.containsKey(txn + "-b");
                if (acked.contains(txn) && !(a && bb)) {
                    wrong.add(txn + " was acknowledged but is missing (a=" + a + ", b=" + bb + ")");
                } else if (a != bb) {
                    wrong.add(txn + " is half there (a=" + a + ", b=" + bb + ")");
                } else if (!acked.contains(txn) && a) {
                    failedPresent++;
                }
            }
            for (String key : found.keySet()) {
                String txn = key.substring(0, key.length() - 2);
                if (!attempted.contains(txn)) {
                    wrong.add("unexpected key " + key);
                }
            }
            assertThat(wrong).isEmpty();
            assertThat(found).hasSize(2 * (acked.size() + failedPresent));
            reopened.check();
            System.out.printf("%s: %d acknowledged, %d failed (%d of them present after restart)%n", fault,
                    acked.size(), failed.size(), failedPresent);
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Closing an engine whose log failed must still stop its background threads and free its
     * buffer pool, even though it cannot take its final checkpoint: an application that
     * closes and reopens after a disk error must not accumulate threads and off-heap memory.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = LogFault.class, names = {"FSYNC", "DISK_FULL"})
    void closeAfterALogFailureStopsTheEngineThreads(LogFault fault) throws Exception {
        Path file = dir.resolve("store.nqdb");
        FaultyIO io = new FaultyIO();
        long before = engineThreads();
        StorageEngine engine = StorageEngine.open(file, options(io));
        KvTree t = engine.createTree(TREE);
        commit(engine, t, Map.of("a", "1"));
        arm(io, fault);
        assertThatThrownBy(() -> commit(engine, t, Map.of("b", "2"))).isInstanceOf(StorageException.class);
        assertThat(engineThreads()).as("the engine's own threads while open").isEqualTo(before + 2);
        try {
            engine.close();
            System.out.println(fault + ": close() after the failure returned normally");
        } catch (RuntimeException e) {
            System.out.println(fault + ": close() after the failure threw " + e);
            assertThat(e.getMessage()).contains(causeText(fault));
        }
        assertThat(engineThreads()).as("engine threads left running after close(): %s", liveEngineThreadNames())
                .isEqualTo(before);
        try (StorageEngine reopened = StorageEngine.open(file, options(FileIO.REAL))) {
            assertThat(tree(reopened)).containsEntry("a", "1");
        }
    }

    /**
     * After the log failed, the engine may refuse reads, but a read it does answer must not
     * return data that recovery will not have: not the changes of a transaction whose commit
     * failed before its record reached the disk (disk full: it is certainly absent after a
     * restart), and not a change whose log append was refused.
     */
    @Test
    void afterAFailStopNoReadReturnsDataThatRecoveryDiscards() throws Exception {
        Path file = dir.resolve("store.nqdb");
        FaultyIO io = new FaultyIO();
        StorageEngine engine = StorageEngine.open(file, options(io));
        KvTree t = engine.createTree(TREE);
        commit(engine, t, Map.of("k", "committed"));
        io.diskFull.set(true);
        Transaction failing = engine.begin();
        failing.put(t, b("k"), b("from-failed-commit"));
        failing.put(t, b("n"), b("from-failed-commit"));
        assertThatThrownBy(failing::commit).isInstanceOf(StorageException.class)
                .hasMessageContaining("No space left on device");
        Transaction refused = engine.begin();
        assertThatThrownBy(() -> refused.put(t, b("m"), b("never-logged"))).isInstanceOf(StorageException.class);
        try {
            refused.rollback();
        } catch (StorageException expected) {
            // the log is failed: the rollback cannot be logged either
        }
        Map<String, String> readAfterFailure = new TreeMap<>();
        for (String key : List.of("k", "n", "m")) {
            try (Transaction r = engine.begin()) {
                byte[] v = r.get(t, b(key));
                readAfterFailure.put(key, v == null ? "<absent>" : s(v));
            } catch (StorageException refusedRead) {
                readAfterFailure.put(key, "<refused>");
            }
        }
        closeFailedEngine(engine, "No space left on device", new ArrayList<>());
        Map<String, String> afterRestart = new TreeMap<>();
        try (StorageEngine reopened = StorageEngine.open(file, options(FileIO.REAL))) {
            KvTree rt = reopened.openTree(TREE);
            for (String key : List.of("k", "n", "m")) {
                byte[] v = rt.get(b(key));
                afterRestart.put(key, v == null ? "<absent>" : s(v));
            }
        }
        assertThat(afterRestart).isEqualTo(Map.of("k", "committed", "n", "<absent>", "m", "<absent>"));
        List<String> dirty = new ArrayList<>();
        readAfterFailure.forEach((key, v) -> {
            if (!v.equals("<refused>") && !v.equals(afterRestart.get(key))) {
                dirty.add(key + ": read '" + v + "' after the failure, but recovery has '" + afterRestart.get(key) + "'");
            }
        });
        assertThat(dirty).as("reads after the fail-stop that returned data recovery discards").isEmpty();
    }

    /**
     * The usual idiom, try-with-resources over a transaction, when a change fails because the
     * log failed: the caller must get the log failure (a StorageException naming the cause).
     * The log throws the same exception instance every time, so the implicit rollback in
     * close() throws the very exception that is propagating, and Throwable.addSuppressed
     * replaces it with "IllegalArgumentException: Self-suppression not permitted".
     */
    @Test
    void aTransactionClosedByTryWithResourcesAfterALogFailureSurfacesTheLogFailure() {
        Path file = dir.resolve("store.nqdb");
        FaultyIO io = new FaultyIO();
        StorageEngine engine = StorageEngine.open(file, options(io));
        KvTree t = engine.createTree(TREE);
        commit(engine, t, Map.of("a", "1"));
        Throwable thrown = null;
        try (Transaction tx = engine.begin()) {
            tx.put(t, b("x"), b("logged before the failure")); // has an undo entry now
            io.diskFull.set(true);
            assertThatThrownBy(() -> commit(engine, t, Map.of("b", "2"))).isInstanceOf(StorageException.class);
            tx.put(t, b("y"), b("refused")); // throws the log failure; close() then rolls back
        } catch (Throwable e) {
            thrown = e;
        }
        closeFailedEngine(engine, "No space left on device", new ArrayList<>());
        assertThat(thrown).isInstanceOf(StorageException.class).hasMessageContaining("No space left on device");
    }

    // ------------------------------------------------------------------ (c) torn log tail

    enum Tear { GARBAGE, ZEROS, TRUNCATE }

    /**
     * The last log write (one transaction's updates and its commit record) is torn by a crash:
     * half of it reaches the disk (the rest is garbage, zeros, or the file ends). Recovery
     * stops at the last valid record: every earlier commit is there, the torn one is not, and
     * the log continues cleanly after it.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Tear.class)
    void aTornLogTailIsCutAtTheLastValidRecord(Tear tear) throws Exception {
        Path file = dir.resolve("store.nqdb");
        FaultyIO io = new FaultyIO();
        Map<String, String> committed = new TreeMap<>();
        Path crash;
        FaultyIO.Write last;
        try (StorageEngine engine = StorageEngine.open(file, options(io))) {
            KvTree t = engine.createTree(TREE);
            for (int i = 0; i < 20; i++) {
                Map<String, String> txn = new LinkedHashMap<>();
                for (int k = 0; k < 5; k++) {
                    String key = String.format("k%03d-%d", (i * 7) % 20, k);
                    txn.put(key, value(key, i, 200));
                }
                commit(engine, t, txn);
                committed.putAll(txn);
            }
            // the transaction whose commit write will be torn: updates, an insert and a delete
            Map<String, String> torn = new LinkedHashMap<>();
            torn.put("k000-0", "torn-update");
            torn.put("torn-insert", "x");
            torn.put("k001-1", "");
            commit(engine, t, torn);
            last = io.lastWrite;
            crash = copyStore(file, dir.resolve("crash"));
        }
        Path segment = StorageEngine.walDirectory(crash).resolve(last.path().getFileName());
        assertThat(last.length()).isGreaterThan(64);
        long cut = last.position() + last.length() / 2;
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            switch (tear) {
                case GARBAGE -> {
                    byte[] junk = new byte[(int) (last.position() + last.length() - cut)];
                    new SplittableRandom(42).nextBytes(junk);
                    f.seek(cut);
                    f.write(junk);
                }
                case ZEROS -> {
                    f.seek(cut);
                    f.write(new byte[(int) (last.position() + last.length() - cut)]);
                }
                case TRUNCATE -> f.setLength(cut);
            }
        }
        try (StorageEngine recovered = StorageEngine.open(crash, options(FileIO.REAL))) {
            assertThat(tree(recovered)).as("everything before the torn commit, nothing of it").isEqualTo(committed);
            recovered.check();
            commit(recovered, recovered.openTree(TREE), Map.of("after", "crash"));
        }
        committed.put("after", "crash");
        try (StorageEngine again = StorageEngine.open(crash, options(FileIO.REAL))) {
            assertThat(tree(again)).as("the log continued after the cut; no torn bytes came back").isEqualTo(committed);
            assertThat(again.recovery().losers()).isZero();
            again.check();
        }
    }

    /**
     * A crash image whose log ends in the middle of a long uncommitted transaction (its
     * records were made durable by a later, unrelated commit) and is then torn inside it.
     */
    @Test
    void aTornTailInsideAnUncommittedTransactionIsUndoneUpToTheCut() throws Exception {
        Path file = dir.resolve("store.nqdb");
        FaultyIO io = new FaultyIO();
        Map<String, String> committed = new TreeMap<>();
        Path crash;
        FaultyIO.Write last;
        try (StorageEngine engine = StorageEngine.open(file, options(io))) {
            KvTree t = engine.createTree(TREE);
            Map<String, String> base = new LinkedHashMap<>();
            for (int k = 0; k < 200; k++) {
                String key = String.format("base%04d", k);
                base.put(key, value(key, 0, 120));
            }
            commit(engine, t, base);
            committed.putAll(base);
            try (Transaction loser = engine.begin()) {
                for (int k = 0; k < 200; k += 2) {
                    loser.put(t, b(String.format("base%04d", k)), b("loser"));
                }
                for (int k = 0; k < 100; k++) {
                    loser.put(t, b(String.format("new%04d", k)), b(value("new", k, 300)));
                }
                commit(engine, t, Map.of("other", "committed"));
                committed.put("other", "committed");
                last = io.lastWrite;
                crash = copyStore(file, dir.resolve("crash"));
                loser.rollback();
            }
        }
        // tear at a quarter of the last write: the loser's later records and the other commit are lost
        Path segment = StorageEngine.walDirectory(crash).resolve(last.path().getFileName());
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(last.position() + last.length() / 4);
            f.write(new byte[last.length() - last.length() / 4]);
        }
        committed.remove("other");
        try (StorageEngine recovered = StorageEngine.open(crash, options(FileIO.REAL))) {
            assertThat(tree(recovered)).isEqualTo(committed);
            assertThat(recovered.recovery().losers()).isEqualTo(1);
            recovered.check();
        }
    }

    // ------------------------------------------------------------------ (d) torn page write

    enum PageTear { OLD_TAIL, GARBAGE_TAIL, ZERO_TAIL }

    /**
     * Committed work A, a checkpoint, committed work B whose pages are then written back
     * (not forced), committed work C (only in the log): the crash image has every page that
     * was written after the checkpoint torn (first half new, second half old, garbage or
     * zeros). Recovery must rebuild those pages from the full page images the log holds for
     * the first change of each page after the checkpoint.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(PageTear.class)
    void tornPageWritesAreRepairedFromFullPageImagesInTheLog(PageTear mode) throws Exception {
        Path file = dir.resolve("store.nqdb");
        Map<String, String> model = new TreeMap<>();
        Path crash;
        byte[] afterCheckpoint;
        try (StorageEngine engine = StorageEngine.open(file, options(FileIO.REAL))) {
            KvTree t = engine.createTree(TREE);
            for (int i = 0; i < 10; i++) { // A
                Map<String, String> txn = new LinkedHashMap<>();
                for (int k = 0; k < 100; k++) {
                    String key = String.format("key%05d", k * 10 + i);
                    txn.put(key, value(key, 0, 100));
                }
                commit(engine, t, txn);
                model.putAll(txn);
            }
            engine.checkpoint();
            afterCheckpoint = Files.readAllBytes(file);
            for (int i = 0; i < 5; i++) { // B: updates, deletes, inserts (splits, new pages)
                Map<String, String> txn = new LinkedHashMap<>();
                for (int k = i; k < 1000; k += 9) {
                    String key = String.format("key%05d", k);
                    txn.put(key, value(key, i + 1, 100 + i * 20));
                }
                for (int k = i * 3; k < 1000; k += 37) {
                    txn.put(String.format("key%05d", k), "");
                }
                for (int k = 0; k < 80; k++) {
                    String key = String.format("key%05d-new%d", k * 12, i);
                    txn.put(key, value(key, i, 150));
                }
                commit(engine, t, txn);
                txn.forEach((k, v) -> {
                    if (v.isEmpty()) {
                        model.remove(k);
                    } else {
                        model.put(k, v);
                    }
                });
            }
            engine.writeBack();
            Map<String, String> c = new LinkedHashMap<>(); // C: only in the log
            for (int k = 5; k < 1000; k += 50) {
                String key = String.format("key%05d", k);
                c.put(key, "C-" + k);
            }
            commit(engine, t, c);
            model.putAll(c);
            crash = copyStore(file, dir.resolve("crash"));
        }
        byte[] image = Files.readAllBytes(crash);
        int pageSize = 4096;
        int torn = 0;
        SplittableRandom rnd = new SplittableRandom(7);
        for (int p = 0; p * pageSize < image.length; p++) {
            int off = p * pageSize;
            byte[] now = Arrays.copyOfRange(image, off, off + pageSize);
            byte[] before = off + pageSize <= afterCheckpoint.length
                    ? Arrays.copyOfRange(afterCheckpoint, off, off + pageSize) : new byte[pageSize];
            if (Arrays.equals(now, before)) {
                continue; // not written since the checkpoint: a crash cannot have torn it
            }
            int half = pageSize / 2;
            switch (mode) {
                case OLD_TAIL -> System.arraycopy(before, half, image, off + half, half);
                case GARBAGE_TAIL -> {
                    byte[] junk = new byte[half];
                    rnd.nextBytes(junk);
                    System.arraycopy(junk, 0, image, off + half, half);
                }
                case ZERO_TAIL -> Arrays.fill(image, off + half, off + pageSize, (byte) 0);
            }
            torn++;
        }
        assertThat(torn).as("pages written after the checkpoint").isGreaterThanOrEqualTo(10);
        Files.write(crash, image);
        try (StorageEngine recovered = StorageEngine.open(crash, options(FileIO.REAL))) {
            assertThat(tree(recovered)).isEqualTo(model);
            recovered.check();
            System.out.printf("%s: %d torn pages repaired; recovery %s%n", mode, torn, recovered.recovery());
        }
        try (StorageEngine again = StorageEngine.open(crash, options(FileIO.REAL))) {
            assertThat(tree(again)).isEqualTo(model);
            again.check();
        }
    }

    // ------------------------------------------------------------------ (e) crash during recovery

    /**
     * A crash image with committed work in two trees and a large uncommitted transaction
     * (whose records are durable): recovery must undo it, writing compensation records, END
     * and a checkpoint. Built once per class; {@code recoveryWrites} are the log writes a
     * clean recovery of it makes.
     */
    private record CrashImage(Path file, Map<String, Map<String, String>> expected,
            List<FaultyIO.Write> recoveryWrites, int recoveryForces) {

        long recoveryBytes() {
            return recoveryWrites.stream().mapToLong(FaultyIO.Write::length).sum();
        }
    }

    @TempDir
    static Path shared;

    private static CrashImage crashImage;

    private static synchronized CrashImage crashImageWithALoser() throws Exception {
        if (crashImage != null) {
            return crashImage;
        }
        Path file = shared.resolve("origin/store.nqdb");
        Files.createDirectories(file.getParent());
        Path crash;
        try (StorageEngine engine = StorageEngine.open(file, options(FileIO.REAL))) {
            KvTree t = engine.createTree(TREE);
            KvTree other = engine.createTree("other");
            for (int i = 0; i < 8; i++) {
                Map<String, String> txn = new LinkedHashMap<>();
                for (int k = 0; k < 60; k++) {
                    String key = String.format("key%05d", k * 8 + i);
                    txn.put(key, value(key, 0, 300));
                }
                commit(engine, t, txn);
            }
            try (Transaction loser = engine.begin()) {
                for (int k = 0; k < 480; k += 2) {
                    loser.put(t, b(String.format("key%05d", k)), b(value("loser", k, 500)));
                }
                for (int k = 1; k < 480; k += 6) {
                    loser.delete(t, b(String.format("key%05d", k)));
                }
                for (int k = 0; k < 150; k++) {
                    loser.put(other, b(String.format("o%04d", k)), b(value("o", k, 700)));
                }
                // an unrelated commit makes the loser's records durable
                commit(engine, other, Map.of("committed-last", "yes"));
                crash = copyStore(file, shared.resolve("crash"));
                loser.rollback();
            }
        }
        // reference: one clean recovery, recording its log writes
        Path reference = copyStore(crash, shared.resolve("reference"));
        FaultyIO recording = new FaultyIO();
        Map<String, Map<String, String>> expected;
        try (StorageEngine e = StorageEngine.open(reference, options(recording))) {
            assertThat(e.recovery().losers()).isEqualTo(1);
            assertThat(e.recovery().changesUndone()).isGreaterThan(300);
            expected = contents(e);
            e.check();
        }
        assertThat(expected.get("other")).containsEntry("committed-last", "yes").hasSize(1);
        crashImage = new CrashImage(crash, expected, List.copyOf(recording.writes), recording.forces.get());
        return crashImage;
    }

    /** Opens with a fault; the open may fail (a crash during recovery) or, if the fault came too late, succeed. */
    private static boolean openWithFault(Path file, FaultyIO io) {
        try (StorageEngine e = StorageEngine.open(file, options(io))) {
            return true;
        } catch (RuntimeException e) {
            assertThat(io.injected.get()).as("failed only because of the injected fault: %s", e).isPositive();
            return false;
        }
    }

    private static void assertRecoversTo(Path file, Map<String, Map<String, String>> expected, String what) {
        try (StorageEngine e = StorageEngine.open(file, options(FileIO.REAL))) {
            assertThat(contents(e)).as(what).isEqualTo(expected);
            e.check();
        }
        try (StorageEngine e = StorageEngine.open(file, options(FileIO.REAL))) {
            assertThat(e.recovery().losers()).as(what + ": nothing left to undo").isZero();
            assertThat(contents(e)).as(what).isEqualTo(expected);
        }
    }

    /**
     * Recovery is cut short by disk full at every log write it makes (before the write, and
     * halfway through it: a short write), and by a failed fsync at each of its fsyncs; the
     * next, normal open must reach exactly the state of one clean recovery.
     */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aCrashDuringRecoveryLeadsToTheSameStateAsOneCleanRecovery() throws Exception {
        CrashImage img = crashImageWithALoser();
        System.out.printf("clean recovery: %d log writes, %d bytes, %d fsyncs%n", img.recoveryWrites().size(),
                img.recoveryBytes(), img.recoveryForces());
        assertThat(img.recoveryWrites()).isNotEmpty();
        List<Long> budgets = new ArrayList<>();
        long before = 0;
        for (FaultyIO.Write w : img.recoveryWrites()) {
            budgets.add(before);
            if (w.length() > 1) {
                budgets.add(before + w.length() / 2);
            }
            before += w.length();
        }
        budgets = budgets.stream().distinct().toList();
        int failedOpens = 0;
        int run = 0;
        for (long budget : budgets) {
            Path copy = copyStore(img.file(), dir.resolve("disk-full-" + run++));
            FaultyIO io = new FaultyIO();
            io.spaceLeft.set(budget);
            if (!openWithFault(copy, io)) {
                failedOpens++;
            }
            assertRecoversTo(copy, img.expected(), "after disk full at byte " + budget + " of recovery");
        }
        assertThat(failedOpens).as("every disk-full point lies inside recovery").isEqualTo(budgets.size());
        for (int n = 0; n < img.recoveryForces(); n++) {
            Path copy = copyStore(img.file(), dir.resolve("fsync-" + run++));
            FaultyIO io = new FaultyIO();
            io.failForceNumber.set(n);
            assertThat(openWithFault(copy, io)).as("fsync #%d fails the recovery", n).isFalse();
            assertRecoversTo(copy, img.expected(), "after fsync failure #" + n + " of recovery");
        }
    }

    /** Several crashes during recovery of the same store, at different points, then a clean one. */
    @Test
    void repeatedCrashesDuringRecoveryStillConverge() throws Exception {
        CrashImage img = crashImageWithALoser();
        long total = img.recoveryBytes();
        Path copy = copyStore(img.file(), dir.resolve("repeated"));
        for (long budget : new long[] {total / 5, total / 3, total / 2, 0, 3 * total / 4, total - 1}) {
            FaultyIO io = new FaultyIO();
            io.spaceLeft.set(budget);
            openWithFault(copy, io);
        }
        FaultyIO io = new FaultyIO();
        io.failForceNumber.set(1);
        openWithFault(copy, io);
        assertRecoversTo(copy, img.expected(), "after seven crashes during recovery");
    }

    /** A failed open releases everything: no engine thread is left, and the files open again at once. */
    @Test
    void aRecoveryThatFailsLeavesNothingBehind() throws Exception {
        CrashImage img = crashImageWithALoser();
        Path copy = copyStore(img.file(), dir.resolve("reuse"));
        long before = engineThreads();
        FaultyIO io = new FaultyIO();
        io.spaceLeft.set(0);
        assertThatThrownBy(() -> StorageEngine.open(copy, options(io))).isInstanceOf(RuntimeException.class)
                .hasStackTraceContaining("No space left on device");
        assertThat(engineThreads()).isEqualTo(before);
        assertRecoversTo(copy, img.expected(), "after a failed recovery");
    }
}
