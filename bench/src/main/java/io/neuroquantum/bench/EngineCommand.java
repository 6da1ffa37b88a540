package io.neuroquantum.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engine [--quick] [--out DIR] [--systems a,b] [--cases x,y] [--keys N]}. */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = {"Embedded key/value engine: neuroquantum against H2 MVStore and SQLite, same run.",
                "Writes DIR/engine.json (rows case/system/metric/value/unit) and prints a markdown table."})
final class EngineCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "n = 200,000 keys, 200 scans and 200,000 mixed ops per thread per round, 5 rounds (about 110 s).")
    boolean quick;

    @Option(names = "--out", defaultValue = "bench-results", description = "Directory for engine.json (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--systems", split = ",", description = "Systems to run (default: neuroquantum,h2,sqlite).")
    List<String> systems;

    @Option(names = "--cases", split = ",", description = "Cases to run (default: all): seq-insert, random-insert, "
            + "point-lookup, point-lookup-small-pool, range-scan, mixed-90-10.")
    List<String> cases;

    @Option(names = "--keys", description = "Override the number of keys n (for trying the harness).")
    Integer keys;

    @Override
    public Integer call() throws Exception {
        List<String> sys = systems == null ? EngineConfig.ALL_SYSTEMS : systems;
        List<String> cs = cases == null ? EngineConfig.ALL_CASES : cases;
        for (String s : sys) {
            Targets.create(s).close(); // fail fast on an unknown system
        }
        for (String c : cs) {
            if (!EngineConfig.ALL_CASES.contains(c)) {
                throw new IllegalArgumentException("unknown case '" + c + "' (known: " + String.join(", ", EngineConfig.ALL_CASES) + ")");
            }
        }
        EngineConfig cfg = quick ? EngineConfig.quick(sys, cs) : EngineConfig.full(sys, cs);
        if (keys != null) {
            if (keys < 2 * cfg.scanRows()) {
                throw new IllegalArgumentException("--keys must be at least " + 2 * cfg.scanRows());
            }
            cfg = cfg.withN(keys);
        }
        Results results = new Results();
        long start = System.nanoTime();
        new EngineSuite(cfg, results).run();
        Path json = results.writeJson(out, "engine");
        Progress.log("engine suite done in %.1f s; wrote %s", (System.nanoTime() - start) / 1e9, json);

        System.out.println();
        System.out.printf("## engine%s: n=%,d, %d cores, %s %s, JDK %s%n%n", quick ? " (--quick)" : "", cfg.n(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
        System.out.print(results.markdown(sys, EngineConfig.ALL_CASES));
        System.out.println();
        System.out.println("Ratios are ours / anchor: above 1 is better for throughput, below 1 is better for latency (us, ms)"
                + " and disk (MiB). Throughput: median of " + cfg.rounds() + " rounds; percentiles over all rounds.");
        System.out.println("Anchors run in their normal non-synchronous modes (H2 commit() without sync; SQLite WAL, synchronous=NORMAL).");
        return 0;
    }
}
