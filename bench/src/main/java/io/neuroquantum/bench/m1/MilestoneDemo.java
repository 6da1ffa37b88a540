package io.neuroquantum.bench.m1;

import io.neuroquantum.bench.BenchFailure;
import io.neuroquantum.bench.Progress;
import io.neuroquantum.bench.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * The milestone demo: rows loaded through storage-service's HTTP API, the service killed with
 * SIGKILL mid-load, restarted on the same data directory, and every acknowledged row checked.
 *
 * <ol>
 *   <li>storage-service.jar starts as a process on a free port with a fresh data directory;</li>
 *   <li>table {@value #TABLE} (id BIGINT primary key, k INT, v VARCHAR(100), index {@value #INDEX} on k);</li>
 *   <li>rows 0..n-1 go in as batches of {@code batch} rows (one POST each, one transaction each)
 *       from {@code loaders} concurrent loaders; a batch is acknowledged when its 200 arrived;</li>
 *   <li>once a random share (60-90% by default) of the batches is acknowledged, and a random
 *       fraction of one call later (so requests are in flight), SIGKILL;</li>
 *   <li>restart on the same data directory: recovery = process start until readiness says UP;</li>
 *   <li>first queries at once: a point GET of an acknowledged row (must answer within
 *       {@code firstQueryLimit} of readiness), then a full scan counting the rows;</li>
 *   <li>a full scan checks every row: every acknowledged batch complete with the right values,
 *       batches in flight at the kill all there or all absent, nothing that was never sent;
 *       a few lookups through the index on k must find exactly the rows with that k;</li>
 *   <li>the rest is loaded (batches never sent or in flight and absent), and a last scan must
 *       find exactly rows 0..n-1.</li>
 * </ol>
 * A lost acknowledged row, a partial batch, a phantom or wrong row, or a slow first query is a
 * {@link BenchFailure}; an error answer (4xx/5xx), a failed restart or a hang is an
 * {@link IllegalStateException}. The work directory (data, service log, consoles) is kept when
 * the run fails.
 */
public final class MilestoneDemo {

    static final String TABLE = "m1";
    static final String INDEX = "m1_k";
    static final int K_VALUES = 1000;
    static final String CASE = "m1";

    /**
     * @param rows            rows to load (ids 0..rows-1)
     * @param batch           rows per insert call
     * @param loaders         concurrent insert calls
     * @param killFrom        the kill comes once at least this share of the batches is acknowledged...
     * @param killTo          ...and at most this share (chosen at random in between)
     * @param seed            the random kill point and the rows checked by lookups
     * @param heap            the service's -Xmx
     * @param firstQueryLimit the first point query must answer within this of readiness
     * @param readyTimeout    how long a start may take
     */
    public record Config(long rows, int batch, int loaders, double killFrom, double killTo, long seed, String heap,
                         Duration firstQueryLimit, Duration readyTimeout) {

        public Config {
            if (rows < 10L * batch || batch < 1 || loaders < 1) {
                throw new IllegalArgumentException("need rows >= 10 batches, batch >= 1, loaders >= 1 (rows " + rows
                        + ", batch " + batch + ", loaders " + loaders + ")");
            }
            if (!(killFrom > 0 && killFrom <= killTo && killTo < 1)) {
                throw new IllegalArgumentException("need 0 < killFrom <= killTo < 1");
            }
        }

        public static Config of(long rows, long seed) {
            return new Config(rows, 1_000, 4, 0.6, 0.9, seed, "1g", Duration.ofSeconds(1), Duration.ofSeconds(180));
        }
    }

    /** What one run measured. Times in ms unless named otherwise. */
    public record Report(long rows, int batch, int loaders, long coldStartMs, long loadBeforeKillMs,
                         long rowsAckedBeforeKill, double loadRateRowsPerSec, int callsInFlightAtKill,
                         int unknownBatches, int unknownBatchesCommitted, long recoveryMs, long engineRecoveryMs,
                         long redoRecords, long undoneTransactions, long firstPointQueryMs, long firstCountScanMs,
                         long countAfterRecovery, long verifyScanMs, long verifiedRows, long lostRows,
                         int partialBatches, long phantomRows, long wrongRows, int indexLookups, long restLoadMs,
                         long restRows, long finalRows, long totalLoadMs, int lockConflictRetries,
                         int scansWithoutDoneLine, long seed) {

        /** Rows loaded per second over the whole load (before the kill and the rest after recovery). */
        public double totalLoadRate() {
            return totalLoadMs == 0 ? 0 : rows * 1000.0 / totalLoadMs;
        }

        public void addTo(Results results) {
            String s = Results.OURS;
            results.add(CASE, s, "rows", rows, "rows");
            results.add(CASE, s, "load rate before kill", loadRateRowsPerSec, "rows/s");
            results.add(CASE, s, "load time (all rows, excluding the restart)", totalLoadMs / 1000.0, "s");
            results.add(CASE, s, "load rate (all rows)", totalLoadRate(), "rows/s");
            results.add(CASE, s, "rows acknowledged before kill", rowsAckedBeforeKill, "rows");
            results.add(CASE, s, "calls in flight at kill", callsInFlightAtKill, "calls");
            results.add(CASE, s, "unacknowledged batches found committed", unknownBatchesCommitted, "batches");
            results.add(CASE, s, "cold start (empty data dir)", coldStartMs, "ms");
            results.add(CASE, s, "recovery time (process start to ready)", recoveryMs, "ms");
            results.add(CASE, s, "engine recovery (redo + undo)", engineRecoveryMs, "ms");
            results.add(CASE, s, "first point query after ready", firstPointQueryMs, "ms");
            results.add(CASE, s, "first full scan (count)", firstCountScanMs, "ms");
            results.add(CASE, s, "verification scan (all columns)", verifyScanMs, "ms");
            results.add(CASE, s, "verified rows", verifiedRows, "rows");
            results.add(CASE, s, "acknowledged rows lost", lostRows, "rows");
            results.add(CASE, s, "partial batches", partialBatches, "batches");
            results.add(CASE, s, "final row count", finalRows, "rows");
            results.add(CASE, s, "insert calls retried after a lock conflict (409)", lockConflictRetries, "calls");
        }
    }

    private static final long LOADER_JOIN_MS = 5 * 60 * 1000L;
    /** Attempts of one insert call that keeps getting a retryable 409 lock conflict. */
    private static final int MAX_ATTEMPTS = 10;

    private static final int NOT_SENT = 0;
    private static final int SENDING = 1;
    private static final int ACKED = 2;
    private static final int UNKNOWN = 3;  // sent, no answer (the kill)
    private static final int PRESENT = 4;  // UNKNOWN, found committed after recovery

    private final Config config;
    private final Path work;
    private final Path jar;
    private final int batches;
    private final AtomicIntegerArray state;
    private final SplittableRandom random;
    private final String adminKey;
    private final AtomicInteger scansWithoutDone = new AtomicInteger();
    private final AtomicInteger lockRetries = new AtomicInteger();

    public MilestoneDemo(Config config, Path work, Path jar) {
        this.config = config;
        this.work = work;
        this.jar = jar;
        this.batches = Math.toIntExact((config.rows() + config.batch() - 1) / config.batch());
        this.state = new AtomicIntegerArray(batches);
        this.random = new SplittableRandom(config.seed());
        this.adminKey = "m1-demo-" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    // ------------------------------------------------------------------ rows

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static int k(long id) {
        return (int) Math.floorMod(mix(id + 0x9E3779B97F4A7C15L), (long) K_VALUES);
    }

    static String v(long id) {
        return "row-" + id + "-" + Long.toHexString(mix(id)) + "-" + Long.toHexString(mix(~id));
    }

    private long first(int b) {
        return (long) b * config.batch();
    }

    private int size(int b) {
        return (int) (Math.min(config.rows(), first(b) + config.batch()) - first(b));
    }

    private String batchJson(int b) {
        StringBuilder sb = new StringBuilder(size(b) * 64);
        sb.append('[');
        for (long id = first(b), end = id + size(b); id < end; id++) {
            if (id > first(b)) {
                sb.append(',');
            }
            sb.append('[').append(id).append(',').append(k(id)).append(",\"").append(v(id)).append("\"]");
        }
        return sb.append(']').toString();
    }

    static String tableJson() {
        return "{\"name\":\"" + TABLE + "\",\"columns\":[{\"name\":\"id\",\"type\":\"BIGINT\"},"
                + "{\"name\":\"k\",\"type\":\"INT\"},{\"name\":\"v\",\"type\":\"VARCHAR(100)\"}],"
                + "\"primaryKey\":[\"id\"],\"indexes\":[{\"name\":\"" + INDEX + "\",\"columns\":[\"k\"],\"unique\":false}]}";
    }

    // ------------------------------------------------------------------ the run

    public Report run() throws Exception {
        Path data = work.resolve("data");
        Files.createDirectories(work);
        int port = ServiceProcess.freePort();
        Progress.log("m1: %,d rows in batches of %,d from %d loaders; storage-service %s on port %d, data %s, seed %d",
                config.rows(), config.batch(), config.loaders(), jar, port, data, config.seed());

        // (a) a fresh service
        long coldStartMs;
        LoadOutcome before;
        try (ServiceProcess first = ServiceProcess.start(jar, data, port, adminKey, config.heap(),
                work.resolve("console-1.log"))) {
            long ready = first.awaitReady(config.readyTimeout());
            coldStartMs = (ready - first.startedNanos()) / 1_000_000;
            Progress.log("m1: storage-service pid %d ready in %,d ms (empty data dir)", first.pid(), coldStartMs);
            try (StorageClient client = client(port)) {
                // (b) the table and its index
                client.createTable(tableJson());
                // (c) the load, killed mid-way
                double share = config.killFrom() + random.nextDouble() * (config.killTo() - config.killFrom());
                int killAt = Math.max(1, (int) Math.ceil(share * batches));
                before = load(client, allBatches(), first, killAt);
            }
        }
        long ackedRows = 0;
        int unknown = 0;
        for (int b = 0; b < batches; b++) {
            switch (state.get(b)) {
                case ACKED -> ackedRows += size(b);
                case UNKNOWN -> unknown++;
                case SENDING -> throw new IllegalStateException("batch " + b + " still marked as sending");
                default -> { }
            }
        }
        double rate = ackedRows * 1000.0 / Math.max(1, before.millis());
        Progress.log("m1: SIGKILL after %,d ms: %,d rows (%d batches) acknowledged (%.0f rows/s), %d calls in flight,"
                        + " %d batches sent but unanswered", before.millis(), ackedRows, ackedRows / config.batch(),
                rate, before.inFlightAtKill(), unknown);
        if (before.inFlightAtKill() == 0) {
            Progress.log("m1: note: no call was in flight at the kill");
        }

        // (d) restart on the same data directory
        try (ServiceProcess second = ServiceProcess.start(jar, data, port, adminKey, config.heap(),
                work.resolve("console-2.log"))) {
            long ready = second.awaitReady(config.readyTimeout());
            long recoveryMs = (ready - second.startedNanos()) / 1_000_000;
            ServiceProcess.EngineRecovery er = second.engineRecovery()
                    .orElse(new ServiceProcess.EngineRecovery(-1, -1, -1, -1, -1));
            Progress.log("m1: restarted (pid %d): ready %,d ms after the process started; the engine redid %,d records"
                            + " (%,d pages) and undid %,d changes of %d transactions in %,d ms", second.pid(), recoveryMs,
                    er.records(), er.pages(), er.changesUndone(), er.losers(), er.millis());

            try (StorageClient client = client(port)) {
                // (e) first queries
                long pointMs = firstPointQuery(client, ready);
                StorageClient.ScanResult count = scan(client, "{\"columns\":[\"id\"],\"batchSize\":10000}",
                        row -> { });
                Progress.log("m1: first point query %,d ms after ready; first full scan counted %,d rows in %,d ms",
                        pointMs, count.rows(), count.millis());

                // (f) every acknowledged row, all-or-nothing batches
                Verification ver = verify(client);
                Progress.log("m1: verification scan of %,d rows in %,d ms: %,d acknowledged rows lost, %d partial"
                                + " batches, %,d phantom rows, %,d wrong rows; %d of %d unanswered batches committed",
                        ver.rows(), ver.millis(), ver.lost(), ver.partial(), ver.phantom(), ver.wrong(),
                        ver.unknownCommitted(), unknown);
                List<String> problems = new ArrayList<>(ver.problems());
                if (count.rows() != ver.rows() + ver.phantom()) {
                    problems.add("the first full scan counted " + count.rows() + " rows, the verification scan "
                            + (ver.rows() + ver.phantom()));
                }
                if (pointMs > config.firstQueryLimit().toMillis()) {
                    problems.add("the first point query after the restart took " + pointMs + " ms (limit "
                            + config.firstQueryLimit().toMillis() + " ms)");
                }
                if (!problems.isEmpty()) {
                    throw new BenchFailure("m1 after SIGKILL and restart: " + String.join("; ", problems)
                            + " (seed " + config.seed() + "; data and logs kept in " + work + ")");
                }
                int lookups = indexLookups(client, 3);

                // (g) the rest, then the final count
                List<Integer> rest = new ArrayList<>();
                long restRows = 0;
                for (int b = 0; b < batches; b++) {
                    int s = state.get(b);
                    if (s == NOT_SENT || s == UNKNOWN) {
                        rest.add(b);
                        restRows += size(b);
                    }
                }
                LoadOutcome after = load(client, rest, null, Integer.MAX_VALUE);
                Progress.log("m1: loaded the remaining %,d rows (%d batches) in %,d ms", restRows, rest.size(),
                        after.millis());
                long f0 = System.nanoTime();
                long finalRows = finalCount(client);
                long f1 = System.nanoTime();
                int exit = second.stop(Duration.ofSeconds(30));
                Progress.log("m1: final scan found rows 0..%,d exactly once each (%,d ms); service stopped in %,d ms"
                        + " (exit status %d)", finalRows - 1, (f1 - f0) / 1_000_000, (System.nanoTime() - f1) / 1_000_000,
                        exit);
                return new Report(config.rows(), config.batch(), config.loaders(), coldStartMs, before.millis(),
                        ackedRows, rate, before.inFlightAtKill(), unknown, ver.unknownCommitted(), recoveryMs,
                        er.millis(), er.records(), er.losers(), pointMs, count.millis(), count.rows(), ver.millis(),
                        ver.rows(), ver.lost(), ver.partial(), ver.phantom(), ver.wrong(), lookups, after.millis(),
                        restRows, finalRows, before.millis() + after.millis(), lockRetries.get(), scansWithoutDone.get(),
                        config.seed());
            }
        }
    }

    private StorageClient client(int port) {
        return new StorageClient(port, adminKey, Duration.ofSeconds(60));
    }

    private List<Integer> allBatches() {
        List<Integer> all = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            all.add(b);
        }
        return all;
    }

    private StorageClient.ScanResult scan(StorageClient client, String request, StorageClient.RowSink sink)
            throws IOException, InterruptedException {
        StorageClient.ScanResult r = client.scan(TABLE, request, sink);
        if (!r.doneLineSeen() && scansWithoutDone.getAndIncrement() == 0) {
            Progress.log("m1: WARNING: the scan stream ended without its {\"done\":true,...} line (storage-service"
                    + " ScanController sends it only when the row count is a multiple of batchSize)");
        }
        return r;
    }

    // ------------------------------------------------------------------ loading

    private record LoadOutcome(long millis, int inFlightAtKill) {
    }

    /**
     * Loads {@code todo} with the configured loaders. With a {@code victim}, a killer sends it
     * SIGKILL once {@code killAt} batches are acknowledged (plus a random part of one call's
     * time); the loaders then stop, leaving the unanswered batches UNKNOWN. Without one, every
     * batch must be acknowledged. Any error answer is an {@link IllegalStateException}.
     */
    private LoadOutcome load(StorageClient client, List<Integer> todo, ServiceProcess victim, int killAt)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger acked = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong callNanos = new AtomicLong();
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        List<String> errors = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < config.loaders(); i++) {
            threads.add(Thread.ofPlatform().name("m1-loader-" + i).start(() -> {
                while (!killed.get() && errors.isEmpty()) {
                    int idx = next.getAndIncrement();
                    if (idx >= todo.size()) {
                        return;
                    }
                    int b = todo.get(idx);
                    String body = batchJson(b);
                    state.set(b, SENDING);
                    inFlight.incrementAndGet();
                    long c0 = System.nanoTime();
                    try {
                        long n;
                        for (int attempt = 1; ; attempt++) {
                            try {
                                n = client.insert(TABLE, body);
                                break;
                            } catch (StorageClient.ServiceError e) {
                                // a lock conflict rolled the call back and says it may be retried: a client retries
                                if (!e.retryable() || attempt == MAX_ATTEMPTS || killed.get()) {
                                    throw e;
                                }
                                if (lockRetries.getAndIncrement() < 3) {
                                    Progress.log("m1: batch %d: lock conflict, retrying: %s", b, e.getMessage());
                                }
                                Thread.sleep(attempt * 5L);
                            }
                        }
                        if (n != size(b)) {
                            errors.add("batch " + b + ": the service says it inserted " + n + " rows, not " + size(b));
                            state.set(b, UNKNOWN);
                            return;
                        }
                        state.set(b, ACKED);
                        acked.incrementAndGet();
                        callNanos.addAndGet(System.nanoTime() - c0);
                        calls.incrementAndGet();
                    } catch (IOException e) {
                        state.set(b, UNKNOWN);
                        if (!killed.get()) {
                            errors.add("batch " + b + ": " + e);
                        }
                        return;
                    } catch (StorageClient.ServiceError e) {
                        state.set(b, UNKNOWN);
                        if (!(e.retryable() && killed.get())) { // a conflict the kill left unretried is no error
                            errors.add("batch " + b + ": " + e.getMessage());
                        }
                        return;
                    } catch (InterruptedException e) {
                        state.set(b, UNKNOWN);
                        Thread.currentThread().interrupt();
                        return;
                    } catch (RuntimeException e) {
                        state.set(b, UNKNOWN);
                        errors.add("batch " + b + ": " + e);
                        return;
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }
            }));
        }
        int inFlightAtKill = 0;
        long killNanos = 0;
        if (victim != null) {
            while (acked.get() < killAt && errors.isEmpty() && threads.stream().anyMatch(Thread::isAlive)) {
                Thread.sleep(1);
            }
            if (errors.isEmpty() && threads.stream().anyMatch(Thread::isAlive)) {
                long mean = calls.get() == 0 ? 0 : callNanos.get() / calls.get();
                long delay = mean <= 0 ? 0 : random.nextLong(mean);
                Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
                inFlightAtKill = inFlight.get();
                killed.set(true);
                killNanos = System.nanoTime();
                victim.kill();
            }
        }
        for (Thread t : threads) {
            t.join(LOADER_JOIN_MS);
            if (t.isAlive()) {
                killed.set(true);
                throw new IllegalStateException("m1: loader " + t.getName() + " hangs (no answer for 5 minutes); "
                        + (victim != null ? victim.diagnostics() : "see " + work));
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("m1: storage-service failed insert calls" + (victim != null && !killed.get()
                    ? " before the kill" : "") + ": " + String.join("; ", errors.subList(0, Math.min(5, errors.size())))
                    + " (data and logs kept in " + work + ")");
        }
        if (victim != null && !killed.get()) {
            throw new IllegalStateException("m1: the load finished before the kill point (" + killAt + " batches)");
        }
        long end = victim != null ? killNanos : System.nanoTime();
        return new LoadOutcome((end - t0) / 1_000_000, inFlightAtKill);
    }

    // ------------------------------------------------------------------ checks

    private long firstPointQuery(StorageClient client, long readyNanos) throws IOException, InterruptedException {
        List<Integer> ackedBatches = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            if (state.get(b) == ACKED) {
                ackedBatches.add(b);
            }
        }
        if (ackedBatches.isEmpty()) {
            throw new IllegalStateException("m1: no batch was acknowledged before the kill");
        }
        int b = ackedBatches.get(random.nextInt(ackedBatches.size()));
        long id = first(b) + random.nextInt(size(b));
        JsonNode row = client.get(TABLE, id);
        long ms = (System.nanoTime() - readyNanos) / 1_000_000;
        if (row == null) {
            throw new BenchFailure("m1: acknowledged row " + id + " (batch " + b + ") is missing after the restart"
                    + " (404 on GET; data and logs kept in " + work + ")");
        }
        if (row.get("id").asLong() != id || row.get("k").asInt() != k(id) || !v(id).equals(row.get("v").asString())) {
            throw new BenchFailure("m1: acknowledged row " + id + " has the wrong values after the restart: " + row
                    + " (expected k=" + k(id) + ", v=" + v(id) + ")");
        }
        return ms;
    }

    private record Verification(long rows, long millis, long lost, int partial, long phantom, long wrong,
                                int unknownCommitted, List<String> problems) {
    }

    /** The full scan against the ledger of batches. */
    private Verification verify(StorageClient client) throws IOException, InterruptedException {
        int[] found = new int[batches];
        long[] prev = {-1};
        long[] phantom = {0};
        long[] wrong = {0};
        long[] disorder = {0};
        List<String> examples = new ArrayList<>();
        StorageClient.ScanResult r = scan(client, "{\"batchSize\":10000}", row -> {
            long id = row.get(0).asLong();
            if (id <= prev[0]) {
                if (disorder[0]++ == 0) {
                    examples.add("scan out of key order: " + id + " after " + prev[0]);
                }
            }
            prev[0] = id;
            if (id < 0 || id >= config.rows()) {
                if (phantom[0]++ < 3) {
                    examples.add("row " + id + " was never sent");
                }
                return;
            }
            int b = (int) (id / config.batch());
            int s = state.get(b);
            if (s != ACKED && s != UNKNOWN) {
                if (phantom[0]++ < 3) {
                    examples.add("row " + id + " of batch " + b + " that was never sent");
                }
                return;
            }
            found[b]++;
            if (row.get(1).asInt() != k(id) || !v(id).equals(row.get(2).asString())) {
                if (wrong[0]++ < 3) {
                    examples.add("row " + id + " is " + row + ", expected [" + id + "," + k(id) + ",\"" + v(id) + "\"]");
                }
            }
        });
        long lost = 0;
        int partial = 0;
        int unknownCommitted = 0;
        List<Long> lostExamples = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            int s = state.get(b);
            if (s == ACKED && found[b] != size(b)) {
                lost += size(b) - found[b];
                if (lostExamples.size() < 5) {
                    lostExamples.add((long) b);
                }
            } else if (s == UNKNOWN) {
                if (found[b] == size(b)) {
                    state.set(b, PRESENT);
                    unknownCommitted++;
                } else if (found[b] != 0) {
                    partial++;
                    examples.add("unacknowledged batch " + b + " is partly there: " + found[b] + " of " + size(b)
                            + " rows (one call is one transaction)");
                }
            }
        }
        List<String> problems = new ArrayList<>();
        if (lost > 0) {
            problems.add(lost + " acknowledged rows lost (first batches with losses: " + lostExamples + ", "
                    + config.batch() + " rows each from id batch*" + config.batch() + ")");
        }
        if (partial > 0) {
            problems.add(partial + " partial batches");
        }
        if (phantom[0] > 0) {
            problems.add(phantom[0] + " rows that were never sent");
        }
        if (wrong[0] > 0) {
            problems.add(wrong[0] + " rows with wrong values");
        }
        if (disorder[0] > 0) {
            problems.add(disorder[0] + " rows out of key order (or twice)");
        }
        if (!problems.isEmpty()) {
            problems.add("examples: " + String.join("; ", examples.subList(0, Math.min(8, examples.size()))));
        }
        long verified = 0;
        for (int b = 0; b < batches; b++) {
            verified += found[b];
        }
        return new Verification(verified, r.millis(), lost, partial, phantom[0], wrong[0], unknownCommitted,
                Collections.unmodifiableList(problems));
    }

    /** Lookups through the index on k: each must find exactly the committed rows with that k. */
    private int indexLookups(StorageClient client, int count) throws IOException, InterruptedException {
        for (int i = 0; i < count; i++) {
            int kv = random.nextInt(K_VALUES);
            List<Long> expected = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                int s = state.get(b);
                if (s == ACKED || s == PRESENT) {
                    for (long id = first(b), end = id + size(b); id < end; id++) {
                        if (k(id) == kv) {
                            expected.add(id);
                        }
                    }
                }
            }
            List<Long> got = new ArrayList<>();
            scan(client, "{\"index\":\"" + INDEX + "\",\"lower\":[" + kv + "],\"upper\":[" + kv
                    + "],\"columns\":[\"id\",\"k\"],\"batchSize\":10000}", row -> {
                        if (row.get(1).asInt() != kv) {
                            throw new BenchFailure("m1: index " + INDEX + " lookup k=" + kv + " returned " + row);
                        }
                        got.add(row.get(0).asLong());
                    });
            Collections.sort(got);
            if (!got.equals(expected)) {
                List<Long> missing = new ArrayList<>(expected);
                missing.removeAll(got);
                List<Long> extra = new ArrayList<>(got);
                extra.removeAll(expected);
                throw new BenchFailure("m1: index " + INDEX + " lookup k=" + kv + " after the restart found "
                        + got.size() + " rows, expected " + expected.size() + "; missing "
                        + missing.subList(0, Math.min(5, missing.size())) + ", unexpected "
                        + extra.subList(0, Math.min(5, extra.size())) + " (data and logs kept in " + work + ")");
            }
        }
        return count;
    }

    /** The last scan: exactly ids 0..rows-1, once each, in order. */
    private long finalCount(StorageClient client) throws IOException, InterruptedException {
        long[] expect = {0};
        StorageClient.ScanResult r = scan(client, "{\"columns\":[\"id\"],\"batchSize\":10000}", row -> {
            long id = row.get(0).asLong();
            if (id != expect[0]) {
                throw new BenchFailure("m1: final scan: row " + id + " where " + expect[0] + " was expected"
                        + " (data and logs kept in " + work + ")");
            }
            expect[0]++;
        });
        if (r.rows() != config.rows()) {
            throw new BenchFailure("m1: final scan found " + r.rows() + " rows, expected " + config.rows()
                    + " (data and logs kept in " + work + ")");
        }
        return r.rows();
    }

    /** One line for logs and test output. */
    public static String summary(Report r) {
        return String.format(Locale.ROOT, "m1: %,d rows; load %.0f rows/s before the kill (%,d acknowledged, %d calls"
                        + " in flight, %d of %d unanswered batches committed); cold start %,d ms; recovery %,d ms"
                        + " (engine %,d ms, %,d records redone); first point query %,d ms after ready; first full scan"
                        + " %,d ms; %,d rows verified (%,d lost, %d partial); rest %,d rows in %,d ms; final %,d rows;"
                        + " all rows loaded in %.1f s (%.0f rows/s); %d insert calls retried after a 409 lock conflict", r.rows(), r.loadRateRowsPerSec(),
                r.rowsAckedBeforeKill(), r.callsInFlightAtKill(), r.unknownBatchesCommitted(), r.unknownBatches(),
                r.coldStartMs(), r.recoveryMs(), r.engineRecoveryMs(), r.redoRecords(), r.firstPointQueryMs(),
                r.firstCountScanMs(), r.verifiedRows(), r.lostRows(), r.partialBatches(), r.restRows(), r.restLoadMs(),
                r.finalRows(), r.totalLoadMs() / 1000.0, r.totalLoadRate(), r.lockConflictRetries());
    }
}
