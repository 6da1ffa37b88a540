package io.neuroquantum.bench.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.TreeCursor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash torture: a {@link TortureChild} JVM runs random transactions (puts, inserts, deletes,
 * reads, scans, savepoints, rollbacks; 4 threads, both isolation levels) on one store and is
 * killed with SIGKILL at a random moment; the store is reopened here, and every acknowledged
 * commit must be there, nothing rolled back or never committed may be, an in-flight commit
 * must be all there or not at all, every value must be intact, and {@code check()} must pass.
 * Six kills on the same store, alternating default and frequent checkpoints, then a last child
 * that must run to its own end (a stuck thread fails it). The seed is printed; rerun one with
 * {@code -Dtorture.seed=N}.
 */
class CrashTortureTest {

    private static final int KILLS = 6;
    private static final int THREADS = 4;
    private static final int KEYS_PER_THREAD = 40;
    private static final List<String> CHILD_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyAcknowledgedCommitSurvivesSigkillAndNothingElseDoes(@TempDir Path dir) throws Exception {
        long seed = Long.getLong("torture.seed", System.nanoTime());
        System.out.println("CrashTortureTest seed " + seed + " (rerun with -Dtorture.seed=" + seed + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        TortureLedger ledger = new TortureLedger();
        List<String> badLines = new CopyOnWriteArrayList<>();
        for (int round = 1; round <= KILLS; round++) {
            boolean fast = round % 2 == 0;
            ledger.newRun();
            List<String> args = List.of(dir.toString(), Integer.toString(round), Integer.toString(THREADS),
                    Integer.toString(KEYS_PER_THREAD), Long.toString(seed + round), fast ? "fast" : "default", "300");
            String stderr;
            java.util.List<String> rawLines = new CopyOnWriteArrayList<>();
            lastRoundLines = rawLines;
            try (ChildJvm child = ChildJvm.start(TortureChild.class.getName(), args, CHILD_JVM_OPTIONS,
                    dir.resolve("child-stderr.log"), line -> {
                rawLines.add(line);
                try {
                    ledger.accept(line);
                } catch (IllegalArgumentException e) {
                    badLines.add(e.getMessage());
                }
            })) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                        .until(() -> ledger.ready() || !child.alive());
                assertThat(ledger.ready()).as("round %d: child ready; errors %s; stderr:%n%s", round, ledger.errors(),
                        child.stderrTail(30)).isTrue();
                Thread.sleep(200 + rnd.nextInt(1_000)); // the kill lands at a random moment: that is the test
                boolean diedEarly = !child.alive();
                child.kill();
                stderr = child.stderrTail(30);
                assertThat(diedEarly).as("round %d: child exited before the kill; errors %s; stderr:%n%s", round,
                        ledger.errors(), stderr).isFalse();
            }
            assertThat(ledger.errors()).as("round %d: the child saw wrong answers; stderr:%n%s", round, stderr).isEmpty();
            assertThat(badLines).as("round %d: protocol", round).isEmpty();

            recoverAndVerify(dir, fast, ledger, round, seed);
        }
        // A last child runs to its own end: no thread may be stuck, and with nothing in flight
        // the store must match the acknowledged state exactly.
        int last = KILLS + 1;
        ledger.newRun();
        try (ChildJvm child = ChildJvm.start(TortureChild.class.getName(), List.of(dir.toString(),
                Integer.toString(last), Integer.toString(THREADS), Integer.toString(KEYS_PER_THREAD),
                Long.toString(seed + last), "fast", "2"), CHILD_JVM_OPTIONS, dir.resolve("child-stderr.log"),
                ledger::accept)) {
            int exit = child.awaitExit(TimeUnit.SECONDS.toMillis(90));
            assertThat(exit).as("the last child ran to its end (seed %d); errors %s; stderr:%n%s", seed,
                    ledger.errors(), child.stderrTail(30)).isZero();
        }
        assertThat(ledger.errors()).isEmpty();
        assertThat(ledger.inFlightCount()).isZero();
        recoverAndVerify(dir, true, ledger, last, seed);
        assertThat(ledger.acknowledged()).as("the children committed something").isPositive();
    }

    private static volatile List<String> lastRoundLines;

    /** Copies a directory tree (the store before recovery, kept for a failing round). */
    private static void copyTree(Path from, Path to) {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!f.getFileName().toString().endsWith(".log")) {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reopens the store (recovery), reads it whole, runs check() and the ledger's verdict. */
    private static void recoverAndVerify(Path dir, boolean fast, TortureLedger ledger, int round, long seed) {
        Map<String, byte[]> found = new TreeMap<>();
        Path pre = dir.resolveSibling(dir.getFileName() + "-before-recovery");
        copyTree(dir, pre);
        long t0 = System.nanoTime();
        try (StorageEngine engine = StorageEngine.open(dir.resolve(TortureChild.FILE), TortureChild.options(fast))) {
            Optional<KvTree> tree = engine.findTree(TortureChild.TREE);
            if (tree.isPresent()) {
                try (TreeCursor c = tree.get().scan(KeyRange.all(), false)) {
                    while (c.next()) {
                        found.put(TortureValues.string(c.key()), c.value());
                    }
                }
            }
            engine.check();
        }
        TortureLedger.Verdict v = ledger.verify(found);
        System.out.printf("round %d: recovered in %.0f ms, %d keys, %d acknowledged commits so far, %d rolled back,"
                        + " %d in flight (%d durable), %s%n", round, (System.nanoTime() - t0) / 1e6, found.size(),
                ledger.acknowledged(), ledger.rolledBack(), v.inFlight(), v.inFlightDurable(), v.clean() ? "clean" : v);
        if (!v.problems().isEmpty() && lastRoundLines != null) {
            try {
                Path out = Path.of("target", "torture-round-" + seed + "-" + round + ".log");
                Files.write(out, lastRoundLines);
                copyTree(pre, Path.of("target", "torture-store-" + seed + "-" + round));
            } catch (IOException e) {
                System.out.println("could not save the failing round: " + e);
            }
        }
        assertThat(v.problems()).as("round %d (seed %d)", round, seed).isEmpty();
        assertThat(v.clean()).as("round %d (seed %d): %s", round, seed, v).isTrue();
        ledger.adopt(found);
    }
}
