package io.neuroquantum.bench.http;

import io.neuroquantum.bench.Progress;
import io.neuroquantum.bench.Results;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code storage-http [--quick] [--clients 1,4,16] [--rows N] [--duration S] [--rounds R] ...}:
 * storage-service over HTTP against PostgreSQL over JDBC, same run, same machine.
 */
@Command(name = "storage-http", mixinStandardHelpOptions = true,
        description = {"storage-service over HTTP (started from its jar) against PostgreSQL over JDBC (a local"
                + " server from the Debian packages, on loopback), same run, same table (id BIGINT PRIMARY KEY,"
                + " k INT, v VARCHAR(100)): batch insert rows/s, and point get by random key with N keep-alive"
                + " clients (p50/p99/p99.9, gets/s, CPU per get).",
                "Writes DIR/storage-http.json (rows case/system/metric/value/unit) and prints a markdown table."})
public final class StorageHttpCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "100,000 rows, 10 s per case, 1 round, warm-up >= 20 s (about 5 minutes)."
            + " Default: 1,000,000 rows, 20 s per case, 3 rounds, warm-up >= 60 s (about 17 minutes; longer while"
            + " other processes keep the machine busy).")
    boolean quick;

    @Option(names = "--out", defaultValue = "bench-results", description = "Directory for storage-http.json (default"
            + " ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--systems", split = ",", description = "Systems (default: neuroquantum,postgresql).")
    List<String> systems;

    @Option(names = "--clients", split = ",", description = "Point-get client counts, one case each (default 1,4,16).")
    List<Integer> clients;

    @Option(names = "--rows", description = "Rows in the table (default 1,000,000; --quick 100,000).")
    Long rows;

    @Option(names = "--duration", description = "Seconds measured per case, per system, per round (default 20;"
            + " --quick 10).")
    Double duration;

    @Option(names = "--rounds", description = "Rounds per case; the median round's throughput is reported,"
            + " percentiles over all rounds (default 3; --quick 1).")
    Integer rounds;

    @Option(names = "--warmup", description = "The least warm-up (s) of the service JVM before its first measurement"
            + " (default 60; --quick 20); every warm-up then runs until throughput is stable.")
    Double warmup;

    @Option(names = "--warmup-max", description = "Warm-up gives up waiting for stable throughput after this (s).")
    Double warmupMax;

    @Option(names = "--batch", description = "Rows per insert call / COPY / JDBC batch (default 5000).")
    Integer batch;

    @Option(names = "--loaders", description = "Concurrent loaders (default 4).")
    Integer loaders;

    @Option(names = "--no-jdbc-batch", description = "Skip the second PostgreSQL load (JDBC batch INSERTs).")
    boolean noJdbcBatch;

    @Option(names = "--http-client", description = "raw (default: blocking HTTP/1.1, one keep-alive socket per client"
            + " thread) or jdk (java.net.http.HttpClient).")
    String httpClient;

    @Option(names = "--service-jar", description = "storage-service jar (default: -Dnq.storage.jar, else"
            + " storage-service/target/storage-service.jar of this repository).")
    Path serviceJar;

    @Option(names = "--service-jvm", description = "JVM options of the service, space-separated (default: "
            + "-Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED).")
    String serviceJvm;

    @Option(names = "--buffer-pool", description = "NQ_STORAGE_BUFFER_POOL and PostgreSQL's shared_buffers"
            + " (default 1GB).")
    String bufferPool;

    @Option(names = "--jfr", description = "Directory: record the service with JFR (settings=profile) during each"
            + " point-get measurement of the first round (adds a little overhead).")
    Path jfr;

    @Option(names = "--quiet-wait", description = "Before each measurement wait up to this long (s) for a second in"
            + " which other processes on the machine used less than a quarter of a core (default 60; 0: do not wait).")
    Double quietWait;

    @Option(names = "--dir", description = "Parent directory for the data directories (default: the temp directory).")
    Path dir;

    @Option(names = "--pg-bin", description = "PostgreSQL bin directory (default: $NQ_PG_BIN or the newest"
            + " /usr/lib/postgresql/*/bin; NQ_BENCH_INSTALL_PG=1 apt-get installs it when missing).")
    String pgBin;

    @Override
    public Integer call() throws Exception {
        StorageHttpConfig cfg = quick ? StorageHttpConfig.quick() : StorageHttpConfig.full();
        if (systems != null) {
            List<String> s = new ArrayList<>();
            for (String name : systems) {
                String n = name.trim().toLowerCase(Locale.ROOT);
                n = switch (n) {
                    case "nq", "ours", StorageHttpConfig.OURS -> StorageHttpConfig.OURS;
                    case "pg", "postgres", StorageHttpConfig.PG -> StorageHttpConfig.PG;
                    default -> throw new IllegalArgumentException("unknown system '" + name + "' (known: "
                            + String.join(", ", StorageHttpConfig.ALL_SYSTEMS) + ")");
                };
                if (!s.contains(n)) {
                    s.add(n);
                }
            }
            cfg.systems = s;
        }
        if (clients != null) {
            if (clients.isEmpty() || clients.stream().anyMatch(c -> c < 1 || c > 1024)) {
                throw new IllegalArgumentException("--clients: 1..1024 each");
            }
            cfg.clients = List.copyOf(clients);
        }
        if (rows != null) {
            if (rows < 1) {
                throw new IllegalArgumentException("--rows must be positive");
            }
            cfg.rows = rows;
            cfg.warmLoadRows = Math.max(1, Math.min(cfg.warmLoadRows, rows));
        }
        if (duration != null) {
            cfg.measureNanos = seconds(duration, "--duration");
        }
        if (rounds != null) {
            if (rounds < 1) {
                throw new IllegalArgumentException("--rounds must be positive");
            }
            cfg.rounds = rounds;
        }
        if (warmup != null) {
            cfg.firstWarmMinNanos = seconds(warmup, "--warmup");
            cfg.warmMinNanos = Math.min(cfg.warmMinNanos, cfg.firstWarmMinNanos);
        }
        if (warmupMax != null) {
            cfg.warmMaxNanos = seconds(warmupMax, "--warmup-max");
        }
        if (batch != null) {
            if (batch < 1 || batch > 100_000) {
                throw new IllegalArgumentException("--batch: 1..100000");
            }
            cfg.loadBatch = batch;
        }
        if (loaders != null) {
            if (loaders < 1 || loaders > 256) {
                throw new IllegalArgumentException("--loaders: 1..256");
            }
            cfg.loaders = loaders;
        }
        cfg.pgJdbcBatch = !noJdbcBatch;
        if (httpClient != null) {
            if (!httpClient.equals("raw") && !httpClient.equals("jdk")) {
                throw new IllegalArgumentException("--http-client: raw or jdk");
            }
            cfg.httpClient = httpClient;
        }
        if (serviceJar != null) {
            cfg.serviceJar = serviceJar;
        }
        if (serviceJvm != null) {
            cfg.serviceJvm = List.of(serviceJvm.trim().split("\\s+"));
        }
        if (bufferPool != null) {
            cfg.bufferPool = bufferPool;
        }
        if (quietWait != null) {
            if (quietWait < 0) {
                throw new IllegalArgumentException("--quiet-wait must be >= 0");
            }
            cfg.quietWaitNanos = (long) (quietWait * 1e9);
        }
        cfg.jfrDir = jfr;
        cfg.dir = dir;
        cfg.pgBin = pgBin;

        Results results = new Results();
        long start = System.nanoTime();
        StorageHttpSuite suite = new StorageHttpSuite(cfg, results);
        suite.run();
        Path json = results.writeJson(out, "storage-http");
        Progress.log("storage-http suite done in %.1f s; wrote %s", (System.nanoTime() - start) / 1e9, json);

        List<String> columns = suite.systems();
        List<String> anchors = columns.stream().filter(s -> !s.equals(StorageHttpConfig.OURS)).toList();
        System.out.println();
        System.out.printf("## storage-http%s: %d cores, %s %s, JDK %s%n%n", quick ? " (--quick)" : "",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
        System.out.print(results.markdown(columns, anchors, suite.caseOrder()));
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "Ratios are ours / anchor: above 1 is better for throughput,"
                + " below 1 for latency and CPU. Point gets: %,d rows, uniform random ids, closed loop, one keep-alive"
                + " connection per client; median of %d round(s) of %.0f s after a warm-up until throughput was"
                + " stable (3 windows of %.0f s within %.0f%%); percentiles over all rounds. CPU per operation: server"
                + " process(es) from /proc, client threads from the JVM. Other processes: CPU of the machine not"
                + " used by the server or this JVM (a shared machine's noise; each measurement first waits for a"
                + " quiet second).",
                cfg.rows, cfg.rounds, cfg.measureNanos / 1e9, cfg.windowNanos / 1e9, cfg.stableSpread * 100));
        for (String n : suite.notes()) {
            System.out.println("- " + n);
        }
        goals(results, cfg);
        return 0;
    }

    private static void goals(Results results, StorageHttpConfig cfg) {
        System.out.println();
        System.out.println("Goals:");
        for (int c : cfg.clients) {
            String cs = StorageHttpConfig.getCase(c);
            Double ours = value(results, cs, StorageHttpConfig.OURS, "gets");
            Double pg = value(results, cs, StorageHttpConfig.PG, "gets");
            Double p99 = value(results, cs, StorageHttpConfig.OURS, "p99 latency");
            if (ours != null) {
                System.out.printf(Locale.ROOT, "- %s: throughput %s PostgreSQL's (%s), p99 %.3f ms %s 1 ms%n", cs,
                        pg == null ? "?" : ours >= pg ? ">=" : "<", pg == null ? "not run"
                                : String.format(Locale.ROOT, "%.2f×", ours / pg),
                        p99, p99 < 1 ? "<" : ">=");
            }
        }
        Double load = value(results, StorageHttpConfig.LOAD, StorageHttpConfig.OURS, "rows");
        if (load != null) {
            System.out.printf(Locale.ROOT, "- %s: %s rows/s %s 200,000 rows/s%n", StorageHttpConfig.LOAD,
                    Results.format(load), load > 200_000 ? ">" : "<=");
        }
    }

    private static Double value(Results results, String caseName, String system, String metric) {
        return results.rows().stream()
                .filter(r -> r.caseName().equals(caseName) && r.system().equals(system) && r.metric().equals(metric))
                .map(Results.Row::value).findFirst().orElse(null);
    }

    private static long seconds(double s, String option) {
        if (!(s > 0)) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return (long) (s * 1e9);
    }
}
