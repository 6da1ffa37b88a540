package io.neuroquantum.bench.http;

import io.neuroquantum.bench.BenchFailure;
import io.neuroquantum.bench.Files2;
import io.neuroquantum.bench.Progress;
import io.neuroquantum.bench.Results;
import io.neuroquantum.bench.m1.ServiceProcess;
import io.neuroquantum.bench.pg.PostgresServer;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * The {@code storage-http} suite: storage-service over HTTP against PostgreSQL over JDBC, same run,
 * same machine, same table {@code (id BIGINT PRIMARY KEY, k INT, v VARCHAR(100))}.
 * <ol>
 *   <li>{@code batch-insert}: rows {@code 0..n-1} in batches of {@code loadBatch} rows by
 *       {@code loaders} concurrent loaders. Ours: one {@code POST /api/v1/tables/t/rows} per batch
 *       (one durable transaction), bodies generated before the clock starts. PostgreSQL: one
 *       {@code COPY t FROM STDIN} per batch (autocommit: one durable transaction), text generated
 *       before the clock starts; and, as a second anchor, JDBC batches of INSERTs
 *       ({@code reWriteBatchedInserts=true}, one transaction per batch) into a second table.
 *       Each side first loads a scratch table (dropped) to warm its insert path. Verified by a
 *       row count.</li>
 *   <li>{@code point-get-N-clients}: N clients, each on a keep-alive connection of its own,
 *       read the row of a uniformly random id as fast as answers come back (closed loop) and
 *       check every answer. Ours: {@code GET /api/v1/tables/t/rows/{id}}; PostgreSQL: a prepared
 *       {@code SELECT id, k, v FROM t WHERE id = ?}. Each measurement follows a warm-up that runs
 *       until throughput is stable; latencies in HdrHistogram; CPU of the server and of the
 *       client threads per call from {@code /proc} and the JVM.</li>
 * </ol>
 */
final class StorageHttpSuite {

    static final String TABLE = "bench_kv";
    static final String WARM_TABLE = "bench_warm";
    static final String JDBC_TABLE = "bench_kv_jdbc";

    private final StorageHttpConfig cfg;
    private final Results results;
    private final List<String> systems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private ServiceProcess service;
    private NqApi nq;
    private PostgresServer pgServer;
    private PgSide pg;
    private HttpClient jdkClient;
    private final Map<String, Boolean> warmed = new LinkedHashMap<>();

    StorageHttpSuite(StorageHttpConfig cfg, Results results) {
        this.cfg = cfg;
        this.results = results;
    }

    List<String> systems() {
        return systems;
    }

    List<String> notes() {
        return notes;
    }

    List<String> caseOrder() {
        List<String> order = new ArrayList<>();
        order.add(StorageHttpConfig.LOAD);
        cfg.clients.forEach(c -> order.add(StorageHttpConfig.getCase(c)));
        return order;
    }

    void run() throws Exception {
        Path work = cfg.dir == null ? Files2.tempDir("suite", "storage-http")
                : Files.createTempDirectory(Files.createDirectories(cfg.dir), "nq-bench-storage-http-");
        Path log = Files.createTempFile("nq-bench-storage-service-", ".log");
        boolean ok = false;
        try {
            if (cfg.systems.contains(StorageHttpConfig.OURS)) {
                List<String> jvm = new ArrayList<>(cfg.serviceJvm);
                if (cfg.jfrDir != null) {
                    jvm.add("-XX:FlightRecorderOptions:stackdepth=1024"); // Reactor stacks are deeper than 64
                }
                Path jar = cfg.serviceJar != null ? cfg.serviceJar : ServiceProcess.locateJar();
                Path stale = ServiceProcess.newerSource(jar);
                if (stale != null) {
                    note("WARNING: " + stale + " is newer than " + jar + ": the service measured may be out of date"
                            + " (./mvnw -q -DskipTests package)");
                }
                byte[] secret = new byte[24];
                new java.security.SecureRandom().nextBytes(secret);
                service = ServiceProcess.start(jar, work.resolve("nq-data"), ServiceProcess.freePort(),
                        "nqbench_" + java.util.HexFormat.of().formatHex(secret), jvm,
                        java.util.Map.of("NQ_STORAGE_BUFFER_POOL", cfg.bufferPool), log);
                service.awaitReady(java.time.Duration.ofSeconds(180));
                nq = new NqApi(service);
                systems.add(StorageHttpConfig.OURS);
                note(StorageHttpConfig.OURS + ": " + service.describe() + " (NQ_STORAGE_BUFFER_POOL=" + cfg.bufferPool
                        + "); client: " + (cfg.httpClient.equals("jdk") ? "java.net.http.HttpClient (HTTP/1.1)"
                        : "blocking HTTP/1.1 on one keep-alive socket per client thread"));
            }
            if (cfg.systems.contains(StorageHttpConfig.PG)) {
                pgServer = PostgresServer.locate(cfg.pgBin).flatMap(PostgresServer::start).orElse(null);
                if (pgServer != null) {
                    pg = new PgSide(pgServer, cfg.bufferPool);
                    systems.add(StorageHttpConfig.PG);
                    note(StorageHttpConfig.PG + ": " + pg.describe());
                }
            }
            if (systems.isEmpty()) {
                throw new IllegalArgumentException("no system to run");
            }
            note(String.format(java.util.Locale.ROOT, "bench JVM: %d cores, pid %d, %s; %,d rows; batches of %,d rows,"
                            + " %d loaders", Runtime.getRuntime().availableProcessors(), ProcessHandle.current().pid(),
                    System.getProperty("java.vm.version"), cfg.rows, cfg.loadBatch, cfg.loaders));
            loadPhase();
            getPhase();
            if (nq != null && nq.nonCanonical.get() > 0) {
                note("neuroquantum: " + nq.nonCanonical.get() + " point-get answers were right but not laid out as"
                        + " predicted (checked field by field)");
            }
            ok = true;
        } finally {
            closeAll();
            if (ok) {
                Files.deleteIfExists(log);
            } else if (service != null) {
                Progress.log("storage-service log kept: %s", log);
            }
            try {
                Files2.deleteRecursively(work);
            } catch (RuntimeException e) {
                Progress.log("could not delete %s: %s", work, e.getMessage());
            }
        }
    }

    private void note(String line) {
        notes.add(line);
        Progress.log("%s", line);
    }

    private void closeAll() {
        if (nq != null) {
            nq.close();
        }
        if (service != null) {
            try {
                service.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pg != null) {
            try {
                pg.close();
            } catch (Exception e) {
                Progress.log("postgresql: %s", e.getMessage());
            }
        }
        if (pgServer != null) {
            pgServer.close();
        }
        if (jdkClient != null) {
            jdkClient.close();
        }
    }

    // ---- batch insert ---------------------------------------------------------------------------

    /** One batch by loader thread {@code loader}: returns the rows it wrote. */
    @FunctionalInterface
    interface BatchOp {
        long load(int batch) throws Exception;
    }

    /** A loader: a connection and what one batch does on it. */
    interface Loader extends AutoCloseable {
        long load(int batch) throws Exception;
    }

    @FunctionalInterface
    interface LoaderFactory {
        Loader open() throws Exception;
    }

    record LoadResult(long rows, long elapsedNanos, Histogram batchLatency, long serverCpuNanos, long clientCpuNanos) {

        double rowsPerSecond() {
            return rows * 1e9 / elapsedNanos;
        }
    }

    private void loadPhase() throws Exception {
        int warmBatches = (int) ((cfg.warmLoadRows + cfg.loadBatch - 1) / cfg.loadBatch);
        int batches = (int) ((cfg.rows + cfg.loadBatch - 1) / cfg.loadBatch);
        if (nq != null) {
            List<byte[]> warm = BenchRows.jsonBatches(0, cfg.warmLoadRows, cfg.loadBatch);
            nq.createTable(WARM_TABLE);
            LoadResult w = runLoad(warmBatches, () -> {
                NqApi.Loader l = nq.new Loader();
                return loader(b -> l.insert(WARM_TABLE, warm.get(b), BenchRows.rowsIn(cfg.warmLoadRows, cfg.loadBatch, b)),
                        l);
            }, () -> ProcCpu.processNanos(service.pid()));
            nq.dropTable(WARM_TABLE);
            Progress.log("%s %s: warm-up load %s rows/s", StorageHttpConfig.LOAD, StorageHttpConfig.OURS,
                    Results.format(w.rowsPerSecond()));
            List<byte[]> bodies = BenchRows.jsonBatches(0, cfg.rows, cfg.loadBatch);
            nq.createTable(TABLE);
            System.gc();
            Path jfr = startJfr(StorageHttpConfig.LOAD);
            LoadResult r = runLoad(batches, () -> {
                NqApi.Loader l = nq.new Loader();
                return loader(b -> l.insert(TABLE, bodies.get(b), BenchRows.rowsIn(cfg.rows, cfg.loadBatch, b)), l);
            }, () -> ProcCpu.processNanos(service.pid()));
            stopJfr(StorageHttpConfig.LOAD, jfr);
            long count = nq.count(TABLE);
            if (count != cfg.rows) {
                throw new BenchFailure(StorageHttpConfig.LOAD + "/" + StorageHttpConfig.OURS + ": " + count
                        + " rows after loading " + cfg.rows);
            }
            record(StorageHttpConfig.OURS, r, "POST /rows, JSON arrays");
        }
        if (pg != null) {
            List<byte[]> warm = BenchRows.copyBatches(0, cfg.warmLoadRows, cfg.loadBatch);
            pg.createTable(WARM_TABLE);
            LoadResult w = runLoad(warmBatches, () -> {
                PgSide.CopyLoader l = pg.new CopyLoader();
                return loader(b -> l.copy(WARM_TABLE, warm.get(b), BenchRows.rowsIn(cfg.warmLoadRows, cfg.loadBatch, b)),
                        l);
            }, pg::serverCpuNanos);
            pg.dropTable(WARM_TABLE);
            Progress.log("%s %s: warm-up load (COPY) %s rows/s", StorageHttpConfig.LOAD, StorageHttpConfig.PG,
                    Results.format(w.rowsPerSecond()));
            List<byte[]> chunks = BenchRows.copyBatches(0, cfg.rows, cfg.loadBatch);
            pg.createTable(TABLE);
            System.gc();
            LoadResult r = runLoad(batches, () -> {
                PgSide.CopyLoader l = pg.new CopyLoader();
                return loader(b -> l.copy(TABLE, chunks.get(b), BenchRows.rowsIn(cfg.rows, cfg.loadBatch, b)), l);
            }, pg::serverCpuNanos);
            long count = pg.count(TABLE);
            if (count != cfg.rows) {
                throw new BenchFailure(StorageHttpConfig.LOAD + "/" + StorageHttpConfig.PG + ": " + count
                        + " rows after loading " + cfg.rows);
            }
            record(StorageHttpConfig.PG, r, "COPY FROM STDIN (text)");
            if (cfg.pgJdbcBatch) {
                pg.createTable(WARM_TABLE);
                runLoad(warmBatches, () -> {
                    PgSide.BatchLoader l = pg.new BatchLoader(WARM_TABLE);
                    return loader(b -> l.insert((long) b * cfg.loadBatch,
                            Math.min(cfg.warmLoadRows, (long) (b + 1) * cfg.loadBatch)), l);
                }, pg::serverCpuNanos);
                pg.dropTable(WARM_TABLE);
                pg.createTable(JDBC_TABLE);
                System.gc();
                LoadResult j = runLoad(batches, () -> {
                    PgSide.BatchLoader l = pg.new BatchLoader(JDBC_TABLE);
                    return loader(b -> l.insert((long) b * cfg.loadBatch, Math.min(cfg.rows, (long) (b + 1) * cfg.loadBatch)),
                            l);
                }, pg::serverCpuNanos);
                long n = pg.count(JDBC_TABLE);
                pg.dropTable(JDBC_TABLE);
                if (n != cfg.rows) {
                    throw new BenchFailure(StorageHttpConfig.LOAD + "/" + StorageHttpConfig.PG_BATCH + ": " + n
                            + " rows after loading " + cfg.rows);
                }
                if (!systems.contains(StorageHttpConfig.PG_BATCH)) {
                    systems.add(StorageHttpConfig.PG_BATCH);
                }
                record(StorageHttpConfig.PG_BATCH, j, "JDBC batch INSERT, reWriteBatchedInserts=true");
            }
            note(StorageHttpConfig.PG + ": after the load: " + pg.prepareForReads(TABLE));
        }
    }

    private static Loader loader(BatchOp op, AutoCloseable resource) {
        return new Loader() {
            @Override
            public long load(int batch) throws Exception {
                return op.load(batch);
            }

            @Override
            public void close() throws Exception {
                resource.close();
            }
        };
    }

    private void record(String system, LoadResult r, String how) {
        String c = StorageHttpConfig.LOAD;
        results.add(c, system, "rows", r.rowsPerSecond(), "rows/s");
        results.add(c, system, "p50 batch latency", r.batchLatency().getValueAtPercentile(50) / 1e6, "ms");
        results.add(c, system, "p99 batch latency", r.batchLatency().getValueAtPercentile(99) / 1e6, "ms");
        if (r.serverCpuNanos() >= 0) {
            results.add(c, system, "server CPU", r.serverCpuNanos() / 1e3 / r.rows(), "µs/row");
        }
        results.add(c, system, "client CPU", r.clientCpuNanos() / 1e3 / r.rows(), "µs/row");
        Progress.log("%s %s: %s rows/s (%,d rows in %.2f s; %s), batch p50 %.1f ms, p99 %.1f ms; server %.2f µs/row,"
                        + " client %.2f µs/row", c, system, Results.format(r.rowsPerSecond()), r.rows(),
                r.elapsedNanos() / 1e9, how, r.batchLatency().getValueAtPercentile(50) / 1e6,
                r.batchLatency().getValueAtPercentile(99) / 1e6, r.serverCpuNanos() / 1e3 / r.rows(),
                r.clientCpuNanos() / 1e3 / r.rows());
        note(c + " " + system + ": " + how + ", " + cfg.loadBatch + " rows per transaction, " + cfg.loaders
                + " loaders");
    }

    /** Runs {@code batches} batches on {@code cfg.loaders} threads, each taking the next batch number. */
    private LoadResult runLoad(int batches, LoaderFactory factory, LongSupplier serverCpu) throws Exception {
        int threads = Math.min(cfg.loaders, batches);
        List<Loader> loaders = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                loaders.add(factory.open());
            }
            AtomicInteger next = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Histogram[] hist = new Histogram[threads];
            long[] rows = new long[threads];
            long[] cpu = new long[threads];
            long[] ends = new long[threads];
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                hist[t] = new Histogram(1, ClosedLoop.HIGHEST_NANOS, 3);
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                        for (int b = next.getAndIncrement(); b < batches && failure.get() == null;
                                b = next.getAndIncrement()) {
                            long t0 = System.nanoTime();
                            rows[me] += loaders.get(me).load(b);
                            hist[me].recordValue(Math.min(ClosedLoop.HIGHEST_NANOS, System.nanoTime() - t0));
                        }
                        cpu[me] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0;
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        ends[me] = System.nanoTime();
                    }
                }, "loader-" + t);
                th.setDaemon(true);
                workers.add(th);
                th.start();
            }
            long server0 = serverCpu.getAsLong();
            long start = System.nanoTime();
            go.countDown();
            for (Thread th : workers) {
                th.join();
            }
            long server1 = serverCpu.getAsLong();
            Throwable f = failure.get();
            if (f instanceof Exception e) {
                throw e;
            }
            if (f instanceof Error e) {
                throw e;
            }
            long end = start;
            long total = 0;
            long clientCpu = 0;
            Histogram all = new Histogram(1, ClosedLoop.HIGHEST_NANOS, 3);
            for (int t = 0; t < threads; t++) {
                end = Math.max(end, ends[t]);
                total += rows[t];
                clientCpu += cpu[t];
                all.add(hist[t]);
            }
            return new LoadResult(total, Math.max(1, end - start), all,
                    server0 < 0 || server1 < 0 ? -1 : server1 - server0, clientCpu);
        } finally {
            for (Loader l : loaders) {
                try {
                    l.close();
                } catch (Exception e) {
                    Progress.log("closing a loader: %s", e);
                }
            }
        }
    }

    // ---- point gets ------------------------------------------------------------------------------

    /** A measured window: the clients' view, the server's CPU, the machine's busy CPU. */
    record Measured(ClosedLoop.Window window, long serverCpuNanos, double machineBusyCores, double otherCores) {

        double serverMicrosPerOp() {
            return serverCpuNanos < 0 ? -1 : serverCpuNanos / 1e3 / window.ops();
        }

        double clientMicrosPerOp() {
            return window.clientCpuNanos() < 0 ? -1 : window.clientCpuNanos() / 1e3 / window.ops();
        }
    }

    private List<ClosedLoop.Caller> callers(String system, int n) throws Exception {
        List<ClosedLoop.Caller> out = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                if (system.equals(StorageHttpConfig.OURS)) {
                    if (cfg.httpClient.equals("jdk")) {
                        if (jdkClient == null) {
                            jdkClient = NqApi.jdkClient();
                        }
                        out.add(nq.new JdkGet(jdkClient, TABLE));
                    } else {
                        out.add(nq.new RawGet(TABLE));
                    }
                } else {
                    out.add(pg.new Get(TABLE));
                }
            }
            return out;
        } catch (Exception e) {
            for (ClosedLoop.Caller c : out) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // already failing
                }
            }
            throw e;
        }
    }

    private long serverCpu(String system) {
        return system.equals(StorageHttpConfig.OURS) ? ProcCpu.processNanos(service.pid()) : pg.serverCpuNanos();
    }

    private List<String> getSystems() {
        return systems.stream().filter(s -> !s.equals(StorageHttpConfig.PG_BATCH)).toList();
    }

    /** The systems in turn order for round {@code r}: rotated by r. */
    private List<String> turn(int r) {
        List<String> s = getSystems();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            order.add(s.get((i + r) % s.size()));
        }
        return order;
    }

    private void getPhase() throws Exception {
        int maxClients = cfg.clients.stream().max(Integer::compare).orElse(1);
        long seed = 42;
        // First: each system warms up with the most clients until its throughput is stable; for the
        // service JVM at least firstWarmMinNanos (the JIT takes 30-70 s to settle).
        for (String system : getSystems()) {
            long min = system.equals(StorageHttpConfig.OURS) ? cfg.firstWarmMinNanos : cfg.warmMinNanos;
            try (ClosedLoop loop = new ClosedLoop(system, callers(system, maxClients), cfg.rows, seed++)) {
                loop.start();
                warm(loop, system, "initial warm-up, " + maxClients + " clients", min, true);
            }
        }
        for (int clients : cfg.clients) {
            String caseName = StorageHttpConfig.getCase(clients);
            Map<String, List<Measured>> rounds = new LinkedHashMap<>();
            for (int r = 0; r < cfg.rounds; r++) {
                for (String system : turn(r)) {
                    try (ClosedLoop loop = new ClosedLoop(system, callers(system, clients), cfg.rows, seed++)) {
                        loop.start();
                        warm(loop, system, caseName, cfg.warmMinNanos, false);
                        awaitQuiet(loop, system, caseName);
                        Path jfr = r == 0 && system.equals(StorageHttpConfig.OURS) ? startJfr(caseName) : null;
                        Measured m = measure(loop, system);
                        stopJfr(caseName, jfr);
                        rounds.computeIfAbsent(system, k -> new ArrayList<>()).add(m);
                        ClosedLoop.Window w = m.window();
                        Progress.log("%s %s: round %d: %s gets/s, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms; server %.1f"
                                        + " µs/get, client %.1f µs/get, machine %.2f cores busy (%.2f by other processes)",
                                caseName, system, r + 1, Results.format(w.opsPerSecond()), w.millis(50), w.millis(99),
                                w.millis(99.9), m.serverMicrosPerOp(), m.clientMicrosPerOp(), m.machineBusyCores(),
                                m.otherCores());
                    }
                }
            }
            for (String system : getSystems()) {
                List<Measured> ms = rounds.get(system);
                List<Measured> sorted = new ArrayList<>(ms);
                sorted.sort(Comparator.comparingDouble(m -> m.window().opsPerSecond()));
                Measured mid = sorted.get(sorted.size() / 2);
                Histogram all = new Histogram(1, ClosedLoop.HIGHEST_NANOS, 3);
                ms.forEach(m -> all.add(m.window().latency()));
                results.add(caseName, system, "gets", mid.window().opsPerSecond(), "gets/s");
                results.add(caseName, system, "p50 latency", all.getValueAtPercentile(50) / 1e6, "ms");
                results.add(caseName, system, "p99 latency", all.getValueAtPercentile(99) / 1e6, "ms");
                results.add(caseName, system, "p99.9 latency", all.getValueAtPercentile(99.9) / 1e6, "ms");
                if (mid.serverCpuNanos() >= 0) {
                    results.add(caseName, system, "server CPU", mid.serverMicrosPerOp(), "µs/get");
                }
                if (mid.window().clientCpuNanos() >= 0) {
                    results.add(caseName, system, "client CPU", mid.clientMicrosPerOp(), "µs/get");
                }
                if (mid.machineBusyCores() >= 0) {
                    // conditions, not results: in the notes (a ratio of them would mean nothing)
                    notes.add(String.format(java.util.Locale.ROOT, "%s %s (median round): machine %.2f cores busy, of"
                                    + " which %.2f by other processes", caseName, system, mid.machineBusyCores(),
                            mid.otherCores()));
                }
            }
        }
    }

    /** With --jfr: starts a JFR recording (settings=profile) of the service; returns its file, or null. */
    private Path startJfr(String caseName) throws Exception {
        if (cfg.jfrDir == null || service == null) {
            return null;
        }
        Files.createDirectories(cfg.jfrDir);
        Path jfr = cfg.jfrDir.toAbsolutePath().resolve("storage-service-" + caseName + ".jfr");
        service.jcmd("JFR.start", "name=" + caseName, "settings=profile", "filename=" + jfr);
        Thread.sleep(1_000); // let the attach settle
        return jfr;
    }

    private void stopJfr(String caseName, Path jfr) throws Exception {
        if (jfr != null) {
            service.jcmd("JFR.stop", "name=" + caseName);
            note(caseName + " " + StorageHttpConfig.OURS + ": JFR recording of the measured window: " + jfr);
        }
    }

    /** Runs windows until the last three throughputs agree within stableSpread (and at least {@code minNanos}). */
    private void warm(ClosedLoop loop, String system, String what, long minNanos, boolean verbose) throws Exception {
        long start = System.nanoTime();
        List<Double> tps = new ArrayList<>();
        loop.sample();
        for (;;) {
            sleepChecking(loop, cfg.windowNanos);
            ClosedLoop.Window w = loop.sample();
            tps.add(w.opsPerSecond());
            long elapsed = System.nanoTime() - start;
            if (verbose) {
                Progress.log("%s %s: %.0f s: %s gets/s, p50 %.3f ms, p99 %.3f ms", system, what, elapsed / 1e9,
                        Results.format(w.opsPerSecond()), w.millis(50), w.millis(99));
            }
            double spread = spread(tps);
            if (elapsed >= minNanos && spread <= cfg.stableSpread) {
                Progress.log("%s %s: stable after %.0f s (last 3 windows within %.1f%%, %s gets/s)", system, what,
                        elapsed / 1e9, spread * 100, Results.format(w.opsPerSecond()));
                return;
            }
            if (elapsed >= cfg.warmMaxNanos) {
                Progress.log("%s %s: NOT stable after %.0f s of warm-up (last 3 windows spread %.1f%%): measuring anyway",
                        system, what, elapsed / 1e9, spread * 100);
                note(system + " " + what + ": throughput not stable within " + cfg.warmMaxNanos / 1_000_000_000L
                        + " s of warm-up (spread " + String.format(java.util.Locale.ROOT, "%.1f%%", spread * 100) + ")");
                return;
            }
        }
    }

    /** (max - min) / mean of the last three values; infinite with fewer than three. */
    static double spread(List<Double> values) {
        if (values.size() < 3) {
            return Double.POSITIVE_INFINITY;
        }
        List<Double> last = values.subList(values.size() - 3, values.size());
        double max = last.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double min = last.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double mean = last.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return mean <= 0 ? Double.POSITIVE_INFINITY : (max - min) / mean;
    }

    /**
     * Waits (up to {@code cfg.quietWaitNanos}, the load running on) for a second in which other
     * processes used less than {@code cfg.quietCores} of the machine: on a shared machine a build
     * next door would otherwise land in one system's window and not the other's.
     */
    private void awaitQuiet(ClosedLoop loop, String system, String what) throws Exception {
        if (cfg.quietWaitNanos <= 0) {
            return;
        }
        long start = System.nanoTime();
        double others = -1;
        while (System.nanoTime() - start < cfg.quietWaitNanos) {
            long s0 = serverCpu(system);
            long b0 = benchCpu();
            long[] m0 = ProcCpu.machineNanos();
            long t0 = System.nanoTime();
            sleepChecking(loop, 1_000_000_000L);
            long t1 = System.nanoTime();
            long s1 = serverCpu(system);
            long b1 = benchCpu();
            long[] m1 = ProcCpu.machineNanos();
            if (s0 < 0 || s1 < 0 || b0 < 0 || m0[0] < 0 || m1[0] < 0) {
                return; // cannot tell
            }
            others = ((m1[0] - m0[0]) - (s1 - s0) - (b1 - b0)) / (double) (t1 - t0);
            if (others < cfg.quietCores) {
                if (System.nanoTime() - start > 1_500_000_000L) {
                    Progress.log("%s %s: waited %.0f s for other processes to quieten", system, what,
                            (System.nanoTime() - start) / 1e9);
                }
                return;
            }
        }
        Progress.log("%s %s: other processes still used %.2f cores after %.0f s: measuring anyway", system, what,
                others, cfg.quietWaitNanos / 1e9);
    }

    private Measured measure(ClosedLoop loop, String system) throws Exception {
        loop.sample();
        long s0 = serverCpu(system);
        long b0 = benchCpu();
        long[] m0 = ProcCpu.machineNanos();
        long t0 = System.nanoTime();
        sleepChecking(loop, cfg.measureNanos);
        ClosedLoop.Window w = loop.sample();
        long t1 = System.nanoTime();
        long s1 = serverCpu(system);
        long b1 = benchCpu();
        long[] m1 = ProcCpu.machineNanos();
        double busy = m0[0] < 0 || m1[0] < 0 ? -1 : (m1[0] - m0[0]) / (double) (t1 - t0);
        long server = s0 < 0 || s1 < 0 ? -1 : s1 - s0;
        double others = busy < 0 || server < 0 || b0 < 0 ? -1
                : Math.max(0, busy - (server + b1 - b0) / (double) (t1 - t0));
        return new Measured(w, server, busy, others);
    }

    /** CPU of this (the bench) JVM so far, or -1. */
    private static long benchCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static void sleepChecking(ClosedLoop loop, long nanos) throws Exception {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = end - System.nanoTime()) {
            Thread.sleep(Math.max(1, Math.min(500, left / 1_000_000)));
            loop.check();
        }
    }
}
