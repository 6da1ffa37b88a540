package io.neuroquantum.bench.wal;

import io.neuroquantum.bench.Progress;
import io.neuroquantum.bench.Results;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wal [--quick] [--out DIR] [--systems a,b] [--cases x,y] [--seconds S] [--rounds R] [--load-rows N] [--dir D]}. */
@Command(name = "wal", mixinStandardHelpOptions = true,
        description = {"Durable commits: neuroquantum against SQLite (WAL, synchronous=FULL), H2 MVStore (commit + sync)"
                + " and PostgreSQL (fsync=on, synchronous_commit=on; when its server binaries are installed), same run.",
                "Writes DIR/wal.json (rows case/system/metric/value/unit) and prints a markdown table."})
public final class WalCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "2 s per system per round, 3 rounds, 100,000-row load (about 2 minutes).")
    boolean quick;

    @Option(names = "--out", defaultValue = "bench-results", description = "Directory for wal.json (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--systems", split = ",", description = "Systems to run (default: neuroquantum,sqlite,h2,postgresql).")
    List<String> systems;

    @Option(names = "--cases", split = ",", description = "Cases to run (default: all): raw-fdatasync, commit-1-writer,"
            + " commit-16-writers, commit-64-writers, load-1000-per-txn.")
    List<String> cases;

    @Option(names = "--seconds", description = "Override the seconds measured per system per round.")
    Double seconds;

    @Option(names = "--rounds", description = "Override the number of rounds.")
    Integer rounds;

    @Option(names = "--load-rows", description = "Override the rows of the load case.")
    Integer loadRows;

    @Option(names = "--dir", description = "Parent directory for the stores (default: the temp directory); the"
            + " filesystem matters: every number here is bound by its fdatasync.")
    Path dir;

    @Option(names = "--pg-bin", description = "PostgreSQL bin directory (default: $NQ_PG_BIN or the newest"
            + " /usr/lib/postgresql/*/bin; NQ_BENCH_INSTALL_PG=1 apt-get installs it when missing).")
    String pgBin;

    @Override
    public Integer call() throws Exception {
        List<String> sys = new ArrayList<>();
        for (String s : systems == null ? WalConfig.ALL_SYSTEMS : systems) {
            String n = WalConfig.system(s);
            if (!sys.contains(n)) {
                sys.add(n);
            }
        }
        List<String> cs = cases == null ? WalConfig.ALL_CASES : cases;
        for (String c : cs) {
            if (!WalConfig.ALL_CASES.contains(c)) {
                throw new IllegalArgumentException("unknown case '" + c + "' (known: " + String.join(", ", WalConfig.ALL_CASES) + ")");
            }
        }
        List<String> ordered = WalConfig.ALL_CASES.stream().filter(cs::contains).toList();
        WalConfig cfg = quick ? WalConfig.quick(sys, ordered, dir, pgBin) : WalConfig.full(sys, ordered, dir, pgBin);
        if (seconds != null || rounds != null) {
            long measure = seconds == null ? cfg.measureNanos() : (long) (seconds * 1e9);
            cfg = cfg.withMeasure(measure, Math.min(cfg.warmNanos(), measure), rounds == null ? cfg.rounds() : rounds);
        }
        if (loadRows != null) {
            cfg = cfg.withLoadRows(loadRows);
        }
        Results results = new Results();
        long start = System.nanoTime();
        WalSuite suite = new WalSuite(cfg, results);
        suite.run();
        Path json = results.writeJson(out, "wal");
        Progress.log("wal suite done in %.1f s; wrote %s", (System.nanoTime() - start) / 1e9, json);

        List<String> columns = new ArrayList<>(suite.systems());
        List<String> anchors = columns.stream().filter(s -> !s.equals(WalConfig.OURS)).toList();
        if (ordered.contains(WalConfig.RAW)) {
            columns.add("os");
        }
        System.out.println();
        System.out.printf("## wal%s: %d cores, %s %s, JDK %s%n%n", quick ? " (--quick)" : "",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
        System.out.print(results.markdown(columns, anchors, WalConfig.ALL_CASES));
        System.out.println();
        System.out.println("Every commit is durable when it returns (SQLite synchronous=FULL; H2 MVStore commit() + sync();"
                + " PostgreSQL fsync=on, synchronous_commit=on; ours: synchronous commit, group commit). Ratios are"
                + " ours / anchor: above 1 is better for throughput, below 1 for latency (ms). Median of "
                + cfg.rounds() + " rounds of " + String.format(java.util.Locale.ROOT, "%.1f", cfg.measureNanos() / 1e9)
                + " s; percentiles over all rounds. raw-fdatasync: 4 KiB write + fdatasync on the stores' filesystem.");
        return 0;
    }
}
