package io.neuroquantum.bench.recovery;

import io.neuroquantum.bench.BenchFailure;
import io.neuroquantum.bench.Files2;
import io.neuroquantum.bench.Progress;
import io.neuroquantum.bench.Results;
import io.neuroquantum.bench.pg.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recovery [--quick] [--out DIR] [--cases torture,recovery-after-kill] [--systems ...] [--kills N]
 * [--rows N] [--trials N]}: crash recovery under SIGKILL.
 *
 * <ul>
 *   <li>{@code torture} (ours only): {@link TortureRun}; rows {@code kills}, {@code lost commits}
 *       (must be 0), {@code phantom changes}, {@code corrupt values}, {@code torn transactions},
 *       {@code check failures}, {@code recovery time p50/max}.</li>
 *   <li>{@code recovery-after-kill} (every system): {@link RecoveryAfterKill}; {@code recovery time}
 *       (ms, median of the trials) and the acknowledged rows missing after the crash. That metric
 *       is {@code rows lost} for ours and {@code acknowledged rows missing after crash} for the
 *       anchors, so "lost" names only our own losses (H2 at its defaults is expected to lose some).</li>
 * </ul>
 * Exits 1 (after writing DIR/recovery.json) if ours lost a commit or showed an uncommitted change.
 */
@Command(name = "recovery", mixinStandardHelpOptions = true,
        description = {"Crash recovery under SIGKILL: a crash torture of our engine (random transactions, savepoints,"
                + " rollbacks, killed at random moments, every acknowledged commit checked), and recovery time after a"
                + " kill during a load, against SQLite, H2 and PostgreSQL.",
                "Writes DIR/recovery.json (rows case/system/metric/value/unit) and prints a markdown table."})
public final class RecoveryCommand implements Callable<Integer> {

    static final String OURS = Results.OURS;
    static final String TORTURE = "torture";
    static final String AFTER_KILL = "recovery-after-kill";
    static final List<String> ALL_CASES = List.of(TORTURE, AFTER_KILL);
    static final List<String> ALL_SYSTEMS = List.of(OURS, "sqlite", "h2", "postgresql");

    @Option(names = "--quick", description = "8 kills in the torture; a 200,000-row load per system, 1 trial (about 1 minute).")
    boolean quick;

    @Option(names = "--out", defaultValue = "bench-results", description = "Directory for recovery.json (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--cases", split = ",", description = "Cases (default: all): torture, recovery-after-kill.")
    List<String> cases;

    @Option(names = "--systems", split = ",", description = "Systems for recovery-after-kill (default:"
            + " neuroquantum,sqlite,h2,postgresql); the torture runs when neuroquantum is among them.")
    List<String> systems;

    @Option(names = "--kills", description = "Torture rounds (default 8 with --quick, else 200).")
    Integer kills;

    @Option(names = "--threads", defaultValue = "4", description = "Torture child threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--rows", description = "Rows of the killed load (default 200,000 with --quick, else 1,000,000).")
    Long rows;

    @Option(names = "--trials", description = "Kills per system in recovery-after-kill (default 1 with --quick, else 3).")
    Integer trials;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the torture (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dir", description = "Parent directory for the stores (default: the temp directory).")
    Path dir;

    @Option(names = "--pg-bin", description = "PostgreSQL bin directory (default: $NQ_PG_BIN or the newest /usr/lib/postgresql/*/bin).")
    String pgBin;

    @Override
    public Integer call() throws Exception {
        List<String> cs = cases == null ? ALL_CASES : cases;
        for (String c : cs) {
            if (!ALL_CASES.contains(c)) {
                throw new IllegalArgumentException("unknown case '" + c + "' (known: " + String.join(", ", ALL_CASES) + ")");
            }
        }
        List<String> sys = new ArrayList<>();
        for (String s : systems == null ? ALL_SYSTEMS : systems) {
            String n = switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "neuroquantum", "neuroquantumdb", "nq", "ours" -> OURS;
                case "postgresql", "postgres", "pg" -> "postgresql";
                case "sqlite" -> "sqlite";
                case "h2" -> "h2";
                default -> throw new IllegalArgumentException("unknown system '" + s + "' (known: "
                        + String.join(", ", ALL_SYSTEMS) + ")");
            };
            if (!sys.contains(n)) {
                sys.add(n);
            }
        }
        int killCount = kills != null ? kills : quick ? 8 : 200;
        long loadRows = rows != null ? rows : quick ? 200_000 : 1_000_000;
        int trialCount = trials != null ? trials : quick ? 1 : 3;

        Results results = new Results();
        long start = System.nanoTime();
        Path work = dir == null ? Files2.tempDir("suite", "recovery")
                : Files.createTempDirectory(Files.createDirectories(dir), "nq-bench-recovery-");
        List<String> problems = new ArrayList<>();
        List<String> columns = new ArrayList<>(sys);
        try {
            if (cs.contains(TORTURE) && sys.contains(OURS)) {
                Path tdir = Files.createDirectories(work.resolve("torture"));
                TortureRun.Report r = TortureRun.run(tdir, new TortureRun.Config(killCount, threads, 40, 200, 2_000, seed));
                reportTorture(results, r);
                if (!r.clean()) {
                    problems.add("torture: " + r.lostCommits() + " lost commits, " + r.phantomChanges()
                            + " phantom changes, " + r.corruptValues() + " corrupt values, " + r.tornTransactions()
                            + " torn transactions, " + r.checkFailures() + " check failures, " + r.childErrors()
                            + " child errors");
                    r.problems().forEach(p -> Progress.log("torture problem: %s", p));
                }
            }
            if (cs.contains(AFTER_KILL)) {
                afterKill(work, sys, columns, loadRows, trialCount, results, problems);
            }
        } finally {
            Files2.deleteRecursively(work);
        }
        Path json = results.writeJson(out, "recovery");
        Progress.log("recovery suite done in %.1f s; wrote %s", (System.nanoTime() - start) / 1e9, json);
        System.out.println();
        System.out.printf("## recovery%s: %d cores, %s %s, JDK %s%n%n", quick ? " (--quick)" : "",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
        System.out.print(results.markdown(columns, List.of(TORTURE, AFTER_KILL)));
        System.out.println();
        System.out.println("torture: random transactions on " + threads + " threads, SIGKILL 0.2-2 s after each start,"
                + " every acknowledged commit checked after recovery. recovery-after-kill: SIGKILL during a load in"
                + " 1,000-row commits; recovery = open + count (PostgreSQL: server start with WAL redo + count).");
        if (!problems.isEmpty()) {
            throw new BenchFailure(String.join("; ", problems));
        }
        return 0;
    }

    private static void reportTorture(Results results, TortureRun.Report r) {
        String c = TORTURE;
        results.add(c, OURS, "kills", r.kills(), "count");
        results.add(c, OURS, "acknowledged commits", r.acknowledged(), "commits");
        results.add(c, OURS, "rolled back", r.rolledBack(), "transactions");
        results.add(c, OURS, "in-flight commits at kill", r.inFlight(), "commits");
        results.add(c, OURS, "in-flight commits found durable", r.inFlightDurable(), "commits");
        results.add(c, OURS, "lost commits", r.lostCommits(), "commits");
        results.add(c, OURS, "phantom changes", r.phantomChanges(), "changes");
        results.add(c, OURS, "corrupt values", r.corruptValues(), "values");
        results.add(c, OURS, "torn transactions", r.tornTransactions(), "transactions");
        results.add(c, OURS, "check failures", r.checkFailures(), "count");
        results.add(c, OURS, "child errors", r.childErrors(), "count");
        List<Double> ms = new ArrayList<>(r.recoveryMillis());
        ms.sort(Comparator.naturalOrder());
        if (!ms.isEmpty()) {
            results.add(c, OURS, "recovery time p50", ms.get(ms.size() / 2), "ms");
            results.add(c, OURS, "recovery time max", ms.getLast(), "ms");
        }
        Progress.log("torture: %d kills, %,d acknowledged commits, %d lost, %d phantom, %d corrupt, %d torn,"
                        + " %d check failures, %d child errors; recovery p50 %.0f ms, max %.0f ms", r.kills(),
                r.acknowledged(), r.lostCommits(), r.phantomChanges(), r.corruptValues(), r.tornTransactions(),
                r.checkFailures(), r.childErrors(), ms.isEmpty() ? 0 : ms.get(ms.size() / 2), ms.isEmpty() ? 0 : ms.getLast());
    }

    private void afterKill(Path work, List<String> sys, List<String> columns, long loadRows, int trialCount,
                           Results results, List<String> problems) throws Exception {
        RecoveryAfterKill rak = new RecoveryAfterKill(work, loadRows, 1_000, loadRows * 4 / 5, 3_000);
        PostgresServer pg = null;
        try {
            if (sys.contains("postgresql")) {
                pg = PostgresServer.locate(pgBin).flatMap(PostgresServer::start).orElse(null);
                if (pg == null) {
                    columns.remove("postgresql");
                } else {
                    Progress.log("recovery-after-kill postgresql: %s", pg.describe());
                }
            }
            for (String system : sys) {
                if (!system.equals("postgresql")) {
                    rak.warmUp(system);
                }
            }
            List<String> order = new ArrayList<>(columns);
            java.util.Map<String, List<RecoveryAfterKill.Trial>> trials = new java.util.LinkedHashMap<>();
            for (int t = 0; t < trialCount; t++) {
                for (String system : order) {
                    RecoveryAfterKill.Trial tr = system.equals("postgresql") ? rak.postgres(pg, t) : rak.embedded(system, t);
                    trials.computeIfAbsent(system, k -> new ArrayList<>()).add(tr);
                    Progress.log("recovery-after-kill %s: trial %d: killed after %,d acknowledged rows; open + count"
                                    + " %.0f ms; %,d rows found, %,d acknowledged rows missing", system, t + 1,
                            tr.acknowledged(), tr.recoveryMillis(), tr.rows(), tr.missing());
                }
            }
            for (String system : order) {
                List<RecoveryAfterKill.Trial> ts = trials.get(system);
                List<Double> ms = new ArrayList<>(ts.stream().map(RecoveryAfterKill.Trial::recoveryMillis).toList());
                ms.sort(Comparator.naturalOrder());
                long missing = ts.stream().mapToLong(RecoveryAfterKill.Trial::missing).sum();
                List<Long> acked = new ArrayList<>(ts.stream().map(RecoveryAfterKill.Trial::acknowledged).toList());
                acked.sort(Comparator.naturalOrder());
                results.add(AFTER_KILL, system, "recovery time", ms.get(ms.size() / 2), "ms");
                results.add(AFTER_KILL, system, "recovery time max", ms.getLast(), "ms");
                results.add(AFTER_KILL, system, "rows acknowledged before kill", acked.get(acked.size() / 2), "rows");
                if (system.equals(OURS)) {
                    results.add(AFTER_KILL, system, "rows lost", missing, "rows");
                    if (missing != 0) {
                        problems.add("recovery-after-kill: ours lost " + missing + " acknowledged rows");
                    }
                } else {
                    results.add(AFTER_KILL, system, "acknowledged rows missing after crash", missing, "rows");
                }
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }
}
