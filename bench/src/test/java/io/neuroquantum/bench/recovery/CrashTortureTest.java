package io.neuroquantum.bench.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.TreeCursor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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

    @Test
    void theChildJvmRunsFromTheTestClassPathAndSigkillLeavesOnlyWholeLines(@TempDir Path dir) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (Child child = Child.start(List.of("probe"), dir.resolve("stderr.log"), lines::add)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lines.isEmpty() && child.process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(child.process.isAlive()).as("probe child alive; stderr: %s", child.stderrTail()).isTrue();
            child.kill();
            assertThat(child.process.exitValue()).isEqualTo(137); // 128 + SIGKILL
            assertThat(lines).containsExactly("@READY 0");
        }
    }

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
            try (Child child = Child.start(args, dir.resolve("child-stderr.log"), line -> {
                rawLines.add(line);
                try {
                    ledger.accept(line);
                } catch (IllegalArgumentException e) {
                    badLines.add(e.getMessage());
                }
            })) {
                long readyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!ledger.ready() && child.process.isAlive() && System.nanoTime() < readyBy) {
                    Thread.sleep(2);
                }
                assertThat(ledger.ready()).as("round %d: child ready; errors %s; stderr:%n%s", round, ledger.errors(),
                        child.stderrTail()).isTrue();
                Thread.sleep(200 + rnd.nextInt(1_000));
                boolean diedEarly = !child.process.isAlive();
                child.kill();
                stderr = child.stderrTail();
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
        try (Child child = Child.start(List.of(dir.toString(), Integer.toString(last), Integer.toString(THREADS),
                Integer.toString(KEYS_PER_THREAD), Long.toString(seed + last), "fast", "2"),
                dir.resolve("child-stderr.log"), ledger::accept)) {
            boolean exited = child.process.waitFor(90, TimeUnit.SECONDS);
            if (!exited) {
                child.kill();
            }
            child.exited = true;
            child.reader.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(exited && child.process.exitValue() == 0)
                    .as("the last child ran to its end (seed %d); errors %s; stderr:%n%s", seed, ledger.errors(),
                            child.stderrTail()).isTrue();
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

    /** A child JVM on this JVM's class path; stdout delivered as whole lines only. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final Thread reader;
        final Path stderr;

        /** Set once the process has exited: the follower then reads to the end of the file and stops. */
        volatile boolean exited;

        private Child(Process process, Path stderr, Path stdout, Consumer<String> onLine) {
            this.process = process;
            this.stderr = stderr;
            this.reader = new Thread(() -> follow(stdout, onLine), "torture-child-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /**
         * Stdout goes to a file that a thread follows, not to a pipe: what the child wrote before
         * SIGKILL is in the file (the page cache survives the kill), whereas bytes still in a pipe
         * when the child dies can be lost by the JDK's process reaper (seen: the last few
         * acknowledgements of every thread missing, so durable commits looked like phantoms).
         */
        static Child start(List<String> args, Path stderr, Consumer<String> onLine) throws IOException {
            String java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    TortureChild.class.getName()));
            cmd.addAll(args);
            Path stdout = stderr.resolveSibling(stderr.getFileName() + ".stdout");
            Files.deleteIfExists(stdout);
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
                    .redirectOutput(stdout.toFile()).start();
            return new Child(p, stderr, stdout, onLine);
        }

        private void follow(Path stdout, Consumer<String> onLine) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8192);
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(stdout)) {
                long pos = 0;
                for (;;) {
                    boolean last = exited;
                    buf.clear();
                    int n = ch.read(buf, pos);
                    if (n > 0) {
                        pos += n;
                        for (int i = 0; i < n; i++) {
                            if (buf.get(i) == '\n') {
                                onLine.accept(line.toString(StandardCharsets.UTF_8));
                                line.reset();
                            } else {
                                line.write(buf.get(i));
                            }
                        }
                    } else if (last) {
                        return;
                    } else {
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    }
                }
            } catch (IOException e) {
                // the file vanished
            }
        }

        /** SIGKILL, then wait for the process and the last of its output. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
            exited = true;
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }

        String stderrTail() {
            try {
                List<String> all = Files.readAllLines(stderr, StandardCharsets.ISO_8859_1);
                return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
            } catch (IOException e) {
                return "";
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                kill();
            }
        }
    }
}
