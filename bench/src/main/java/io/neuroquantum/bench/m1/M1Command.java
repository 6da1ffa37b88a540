package io.neuroquantum.bench.m1;

import io.neuroquantum.bench.Files2;
import io.neuroquantum.bench.Progress;
import io.neuroquantum.bench.Results;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code m1 [--quick] [--rows N] [--batch N] [--loaders N] [--seed N] [--out DIR] [--dir DIR] [--heap SIZE]}:
 * the milestone demo ({@link MilestoneDemo}) against storage-service.jar as a process. Writes
 * DIR/m1.json and prints a markdown table; exits 1 (nothing written) if an acknowledged row
 * was lost, a batch was partly committed, or the first query after the restart took over a second.
 */
@Command(name = "m1", mixinStandardHelpOptions = true,
        description = {"The milestone demo: rows loaded through storage-service's HTTP API, the service killed with"
                + " SIGKILL mid-load, restarted on the same data directory; every acknowledged row must be there and"
                + " the first query must answer within a second of readiness.",
                "Reports load rate, rows acknowledged before the kill, recovery time (process start to ready),"
                        + " first point query and first full scan times.",
                "Needs storage-service/target/storage-service.jar (./mvnw -q -DskipTests package).",
                "Writes DIR/m1.json (rows case/system/metric/value/unit) and prints a markdown table."})
public final class M1Command implements Callable<Integer> {

    @Option(names = "--quick", description = "100,000 rows (what CI runs), instead of 1,000,000.")
    boolean quick;

    @Option(names = "--rows", description = "Rows to load (default 1,000,000; 100,000 with --quick).")
    Long rows;

    @Option(names = "--batch", defaultValue = "1000", description = "Rows per insert call (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--loaders", defaultValue = "4", description = "Concurrent insert calls (default ${DEFAULT-VALUE}).")
    int loaders;

    @Option(names = "--seed", description = "Seed of the kill point and the rows checked (default: random, printed).")
    Long seed;

    @Option(names = "--heap", defaultValue = "1g", description = "The service's -Xmx (default ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--out", defaultValue = "bench-results", description = "Directory for m1.json (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--dir", description = "Parent directory for the data directory (default: the temp directory).")
    Path dir;

    @Option(names = "--keep", description = "Keep the data directory and logs even when the run passes.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        long n = rows != null ? rows : quick ? 100_000 : 1_000_000;
        long s = seed != null ? seed : System.nanoTime();
        Path jar = ServiceProcess.locateJar();
        Path newer = ServiceProcess.newerSource(jar);
        if (newer != null) {
            Progress.log("m1: WARNING: %s is newer than %s: the jar may be stale (./mvnw -q -DskipTests package)",
                    newer, jar);
        }
        MilestoneDemo.Config config = new MilestoneDemo.Config(n, batch, loaders, 0.6, 0.9, s, heap,
                Duration.ofSeconds(1), Duration.ofSeconds(300));
        Path work = dir == null ? Files2.tempDir("storage-service", "m1")
                : Files.createTempDirectory(Files.createDirectories(dir), "nq-bench-m1-");
        long start = System.nanoTime();
        MilestoneDemo.Report report;
        try {
            report = new MilestoneDemo(config, work, jar).run();
        } catch (Exception | Error e) {
            Progress.log("m1: FAILED; data directory, service log and consoles kept in %s", work);
            throw e;
        }
        if (keep) {
            Progress.log("m1: data directory and logs kept in %s", work);
        } else {
            Files2.deleteRecursively(work);
        }
        Progress.log("%s", MilestoneDemo.summary(report));
        Results results = new Results();
        report.addTo(results);
        Path json = results.writeJson(out, "m1");
        Progress.log("m1 done in %.1f s; wrote %s", (System.nanoTime() - start) / 1e9, json);
        System.out.println();
        System.out.printf("## m1%s: %d cores, %s %s, JDK %s%n%n", quick ? " (--quick)" : "",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
        System.out.print(results.markdown(List.of(Results.OURS), List.of(MilestoneDemo.CASE)));
        System.out.println();
        System.out.printf("storage-service.jar as a process (-Xmx%s); %,d rows (id BIGINT primary key, k INT indexed,"
                        + " v VARCHAR(100)) in %,d-row insert calls from %d loaders, SIGKILL with %.0f%% of the rows"
                        + " acknowledged; recovery = process start until /actuator/health/readiness is UP;"
                        + " seed %d.%n", heap, n, batch, loaders,
                100.0 * report.rowsAckedBeforeKill() / n, s);
        return 0;
    }
}
