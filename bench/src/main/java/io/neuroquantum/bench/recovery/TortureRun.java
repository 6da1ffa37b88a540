package io.neuroquantum.bench.recovery;

import io.neuroquantum.bench.Progress;
import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.TreeCursor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The crash torture, parent side: round after round on the same store, a {@link TortureChild}
 * JVM runs its workload, is SIGKILLed at a random moment, and the store is reopened here
 * (recovery), read whole, checked against the {@link TortureLedger} and with
 * {@code StorageEngine.check()}. The next child continues on the recovered store. A last
 * child runs to its own end (a stuck thread would go unnoticed under kills) and is checked too.
 */
public final class TortureRun {

    /** Sizes: {@code kills} rounds, a kill {@code minDelayMs..maxDelayMs} after the child is ready. */
    public record Config(int kills, int threads, int keysPerThread, long minDelayMs, long maxDelayMs, long seed) {
    }

    /** What the rounds found, summed. */
    public record Report(int kills, long acknowledged, long rolledBack, long lostCommits, long phantomChanges,
                         long corruptValues, long tornTransactions, long inFlight, long inFlightDurable,
                         long checkFailures, long childErrors, List<Double> recoveryMillis, List<String> problems) {

        public boolean clean() {
            return lostCommits == 0 && phantomChanges == 0 && corruptValues == 0 && tornTransactions == 0
                    && checkFailures == 0 && childErrors == 0;
        }
    }

    private static final int MAX_PROBLEMS = 30;

    private TortureRun() {
    }

    public static Report run(Path dir, Config cfg) throws Exception {
        TortureLedger ledger = new TortureLedger();
        SplittableRandom rnd = new SplittableRandom(cfg.seed());
        List<Double> recovery = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long lost = 0;
        long phantoms = 0;
        long corrupt = 0;
        long torn = 0;
        long inFlight = 0;
        long inFlightDurable = 0;
        long checkFailures = 0;
        long childErrors = 0;
        int kills = 0;
        for (int round = 1; round <= cfg.kills(); round++) {
            boolean fast = round % 2 == 0;
            ledger.newRun();
            List<String> args = List.of(dir.toString(), Integer.toString(round), Integer.toString(cfg.threads()),
                    Integer.toString(cfg.keysPerThread()), Long.toString(cfg.seed() + round), fast ? "fast" : "default",
                    "300");
            List<String> badLines = new ArrayList<>();
            long delay = cfg.minDelayMs() + rnd.nextLong(cfg.maxDelayMs() - cfg.minDelayMs() + 1);
            try (ChildJvm child = ChildJvm.start(TortureChild.class.getName(), args, List.of("-Xmx256m", "-XX:+UseSerialGC"),
                    dir.resolve("child-stderr.log"), line -> {
                        try {
                            ledger.accept(line);
                        } catch (IllegalArgumentException e) {
                            synchronized (badLines) {
                                badLines.add(e.getMessage());
                            }
                        }
                    })) {
                long readyDeadline = System.nanoTime() + 120_000_000_000L;
                while (!ledger.ready() && child.alive() && System.nanoTime() < readyDeadline) {
                    Thread.sleep(2);
                }
                if (!ledger.ready()) {
                    child.kill();
                    throw new IllegalStateException("torture child of round " + round + " never became ready: "
                            + ledger.errors() + "\n" + child.stderrTail(30));
                }
                Thread.sleep(delay);
                boolean diedEarly = !child.alive();
                child.kill();
                kills++;
                if (diedEarly || !ledger.errors().isEmpty() || !badLines.isEmpty()) {
                    childErrors++;
                    note(problems, "round " + round + ": child " + (diedEarly ? "exited before the kill; " : "")
                            + "errors " + ledger.errors() + " bad lines " + badLines + "\n" + child.stderrTail(20));
                }
            }
            long t0 = System.nanoTime();
            Map<String, byte[]> found = new TreeMap<>();
            String checkProblem = null;
            try (StorageEngine engine = StorageEngine.open(dir.resolve(TortureChild.FILE), TortureChild.options(fast))) {
                Optional<KvTree> tree = engine.findTree(TortureChild.TREE);
                if (tree.isPresent()) {
                    try (TreeCursor c = tree.get().scan(KeyRange.all(), false)) {
                        while (c.next()) {
                            found.put(TortureValues.string(c.key()), c.value());
                        }
                    }
                }
                recovery.add((System.nanoTime() - t0) / 1e6);
                try {
                    engine.check();
                } catch (IllegalStateException e) {
                    checkProblem = e.getMessage();
                }
            }
            TortureLedger.Verdict v = ledger.verify(found);
            ledger.adopt(found);
            lost += v.lostCommits();
            phantoms += v.phantomChanges();
            corrupt += v.corruptValues();
            torn += v.tornTransactions();
            inFlight += v.inFlight();
            inFlightDurable += v.inFlightDurable();
            if (checkProblem != null) {
                checkFailures++;
                note(problems, "round " + round + ": check() failed: " + checkProblem);
            }
            for (String p : v.problems()) {
                note(problems, "round " + round + ": " + p);
            }
            Progress.log("torture round %d/%d: killed %d ms after ready (%s checkpoints); recovered in %.0f ms: %,d keys,"
                            + " %,d acknowledged commits so far, %d in flight (%d durable); lost %d, phantom %d, corrupt %d,"
                            + " torn %d%s", round, cfg.kills(), delay, fast ? "fast" : "default",
                    recovery.getLast(), found.size(), ledger.acknowledged(), v.inFlight(), v.inFlightDurable(),
                    v.lostCommits(), v.phantomChanges(), v.corruptValues(), v.tornTransactions(),
                    checkProblem == null ? ", check() ok" : ", CHECK FAILED");
        }
        // A last child runs to its own end: a stuck thread shows here (the kills cannot tell), and
        // with nothing in flight the store must match the acknowledged state exactly.
        int last = cfg.kills() + 1;
        ledger.newRun();
        List<String> args = List.of(dir.toString(), Integer.toString(last), Integer.toString(cfg.threads()),
                Integer.toString(cfg.keysPerThread()), Long.toString(cfg.seed() + last), "fast", "2");
        try (ChildJvm child = ChildJvm.start(TortureChild.class.getName(), args, List.of("-Xmx256m", "-XX:+UseSerialGC"),
                dir.resolve("child-stderr.log"), ledger::accept)) {
            int exit = child.awaitExit(90_000);
            if (exit != 0 || !ledger.errors().isEmpty()) {
                childErrors++;
                note(problems, "last round: the child did not run to its end (exit " + exit + "): " + ledger.errors()
                        + "\n" + child.stderrTail(30));
            }
        }
        long t0 = System.nanoTime();
        Map<String, byte[]> found = new TreeMap<>();
        try (StorageEngine engine = StorageEngine.open(dir.resolve(TortureChild.FILE), TortureChild.options(true))) {
            Optional<KvTree> tree = engine.findTree(TortureChild.TREE);
            if (tree.isPresent()) {
                try (TreeCursor c = tree.get().scan(KeyRange.all(), false)) {
                    while (c.next()) {
                        found.put(TortureValues.string(c.key()), c.value());
                    }
                }
            }
            try {
                engine.check();
            } catch (IllegalStateException e) {
                checkFailures++;
                note(problems, "last round: check() failed: " + e.getMessage());
            }
        }
        TortureLedger.Verdict v = ledger.verify(found);
        lost += v.lostCommits();
        phantoms += v.phantomChanges();
        corrupt += v.corruptValues();
        torn += v.tornTransactions();
        for (String p : v.problems()) {
            note(problems, "last round: " + p);
        }
        Progress.log("torture last round (runs to its end, then a clean reopen in %.0f ms): %,d keys, %,d acknowledged"
                        + " commits; lost %d, phantom %d, corrupt %d", (System.nanoTime() - t0) / 1e6, found.size(),
                ledger.acknowledged(), v.lostCommits(), v.phantomChanges(), v.corruptValues());
        return new Report(kills, ledger.acknowledged(), ledger.rolledBack(), lost, phantoms, corrupt, torn, inFlight,
                inFlightDurable, checkFailures, childErrors, recovery, problems);
    }

    private static void note(List<String> problems, String p) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(p);
        }
    }
}
