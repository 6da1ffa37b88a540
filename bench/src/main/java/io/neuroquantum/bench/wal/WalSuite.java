package io.neuroquantum.bench.wal;

import io.neuroquantum.bench.BenchFailure;
import io.neuroquantum.bench.Files2;
import io.neuroquantum.bench.Progress;
import io.neuroquantum.bench.Results;
import io.neuroquantum.bench.Values;
import io.neuroquantum.bench.pg.PostgresServer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code wal} suite: durable commits. In one run, on one filesystem:
 * <ul>
 *   <li>{@code raw-fdatasync} (system {@code os}): 4 KiB write + {@code FileChannel.force(false)}
 *       in a loop on a preallocated file: the ceiling of one committing writer.</li>
 *   <li>{@code commit-1-writer}, {@code commit-16-writers}, {@code commit-64-writers}: N threads,
 *       each committing single-row inserts (8-byte key of its own range, 100-byte value), each in a
 *       transaction of its own, durably; commits/s and commit latency p50/p99. One store per
 *       system for the three cases; at the end the row count must equal the acknowledged commits.</li>
 *   <li>{@code load-1000-per-txn}: rows 0..n-1 in transactions of 1,000 rows into a fresh store;
 *       rows/s, verified by a count.</li>
 * </ul>
 * Each case: untimed warm-up per system, then rounds with the systems taking turns (the order
 * rotating each round); reported: the median round's throughput, latency percentiles over all rounds.
 */
final class WalSuite {

    private static final int RAW_BLOCK = 4096;
    private static final int RAW_FILE_BLOCKS = 256;
    private static final int MAX_WRITERS = 64;

    private final WalConfig cfg;
    private final Results results;
    private PostgresServer pg;
    private List<String> systems;

    WalSuite(WalConfig cfg, Results results) {
        this.cfg = cfg;
        this.results = results;
    }

    /** The systems that actually ran (PostgreSQL drops out when it cannot be started here). */
    List<String> systems() {
        return systems;
    }

    void run() throws Exception {
        Path work = cfg.dir() == null ? Files2.tempDir("suite", "wal")
                : Files.createTempDirectory(Files.createDirectories(cfg.dir()), "nq-bench-wal-");
        systems = new ArrayList<>(cfg.systems());
        try {
            if (systems.contains("postgresql")) {
                pg = PostgresServer.locate(cfg.pgBin()).flatMap(PostgresServer::start).orElse(null);
                if (pg == null) {
                    systems.remove("postgresql");
                }
            }
            Progress.log("wal suite: systems %s, cases %s, %d rounds of %.1f s (warm-up %.1f s), load %,d rows in"
                            + " %,d-row transactions; stores under %s", systems, cfg.cases(), cfg.rounds(),
                    cfg.measureNanos() / 1e9, cfg.warmNanos() / 1e9, cfg.loadRows(), cfg.loadBatch(), work);
            if (cfg.cases().contains(WalConfig.RAW)) {
                rawSync(work);
            }
            if (cfg.cases().stream().anyMatch(c -> WalConfig.writers(c) > 0)) {
                commitCases(work);
            }
            if (cfg.cases().contains(WalConfig.LOAD)) {
                loadCase(work);
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
            Files2.deleteRecursively(work);
        }
    }

    private CommitTarget newTarget(String system, String purpose) {
        return switch (system) {
            case WalConfig.OURS -> new NqCommitTarget();
            case "sqlite" -> new SqliteCommitTarget();
            case "h2" -> new H2CommitTarget();
            case "postgresql" -> new PgCommitTarget(pg, "kv_" + purpose);
            default -> throw new IllegalArgumentException("unknown system " + system);
        };
    }

    /** The systems in turn order for round {@code r}: rotated by r. */
    private List<String> turn(int r) {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < systems.size(); i++) {
            order.add(systems.get((i + r) % systems.size()));
        }
        return order;
    }

    // ---- raw fdatasync ------------------------------------------------------------------------

    private void rawSync(Path work) throws Exception {
        Path file = work.resolve("raw-fdatasync.bin");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocateDirect(RAW_BLOCK);
            for (int i = 0; i < RAW_FILE_BLOCKS; i++) {
                block.clear();
                ch.write(block, (long) i * RAW_BLOCK);
            }
            ch.force(true);
            long[] n = new long[1];
            Timed.Op op = t -> {
                block.clear();
                block.putLong(0, n[0]);
                ch.write(block, (n[0]++ % RAW_FILE_BLOCKS) * RAW_BLOCK);
                ch.force(false);
                return 0;
            };
            Timed.run(1, cfg.warmNanos(), Long.MAX_VALUE, op);
            List<Timed.Sample> rounds = new ArrayList<>();
            for (int r = 0; r < cfg.rounds(); r++) {
                Timed.Sample s = Timed.run(1, cfg.measureNanos(), Long.MAX_VALUE, op);
                rounds.add(s);
                Progress.log("%s os: round %d: %s syncs/s", WalConfig.RAW, r + 1, Results.format(s.opsPerSecond()));
            }
            Timed.Sample m = Timed.Sample.median(rounds, false);
            results.add(WalConfig.RAW, "os", "syncs", m.opsPerSecond(), "syncs/s");
            results.add(WalConfig.RAW, "os", "p50 latency", m.millis(50), "ms");
            results.add(WalConfig.RAW, "os", "p99 latency", m.millis(99), "ms");
            Progress.log("%s os: %s syncs/s (median round), p50 %.3f ms, p99 %.3f ms (4 KiB write + fdatasync, %s)",
                    WalConfig.RAW, Results.format(m.opsPerSecond()), m.millis(50), m.millis(99), work);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // ---- durable single-row commits -------------------------------------------------------------

    /** A system's store for the commit cases, its writers (one per thread) and key counters. */
    private static final class CommitStore implements AutoCloseable {
        final CommitTarget target;
        final List<CommitTarget.Writer> writers = new ArrayList<>();
        final long[] next = new long[MAX_WRITERS];
        long acknowledged;

        CommitStore(CommitTarget target) {
            this.target = target;
        }

        void writers(int n) throws Exception {
            while (writers.size() < n) {
                writers.add(target.writer());
            }
        }

        /** One durable single-row commit by thread {@code t}: the next key of its own range. */
        long commit(int t) throws Exception {
            long key = ((long) t << 40) | next[t]++;
            writers.get(t).commitOne(key, Values.of(key, 0));
            return 1;
        }

        @Override
        public void close() throws Exception {
            Exception first = null;
            for (CommitTarget.Writer w : writers) {
                try {
                    w.close();
                } catch (Exception e) {
                    first = first == null ? e : first;
                }
            }
            writers.clear();
            target.close();
            if (first != null) {
                throw first;
            }
        }
    }

    private void commitCases(Path work) throws Exception {
        Map<String, CommitStore> stores = new LinkedHashMap<>();
        try {
            for (String system : systems) {
                Path dir = Files.createDirectories(work.resolve(system + "-commits"));
                CommitStore store = new CommitStore(newTarget(system, "commits"));
                stores.put(system, store);
                store.target.open(dir);
                Progress.log("commits %s: %s", system, store.target.describe());
            }
            for (String caseName : cfg.cases()) {
                int writers = WalConfig.writers(caseName);
                if (writers > 0) {
                    commitCase(caseName, writers, stores);
                }
            }
            for (Map.Entry<String, CommitStore> e : stores.entrySet()) {
                long rows = e.getValue().target.count();
                if (rows != e.getValue().acknowledged) {
                    throw new BenchFailure("commits/" + e.getKey() + ": " + rows + " rows after "
                            + e.getValue().acknowledged + " acknowledged single-row commits of distinct keys");
                }
                Progress.log("commits %s: verified: %,d rows = %,d acknowledged commits", e.getKey(), rows,
                        e.getValue().acknowledged);
            }
        } finally {
            for (CommitStore s : stores.values()) {
                try {
                    s.close();
                } catch (Exception e) {
                    Progress.log("commits: closing a store failed: %s", e);
                }
            }
        }
    }

    private void commitCase(String caseName, int writers, Map<String, CommitStore> stores) throws Exception {
        for (String system : systems) {
            CommitStore store = stores.get(system);
            store.writers(writers);
            Timed.Sample warm = Timed.run(writers, cfg.warmNanos(), Long.MAX_VALUE, store::commit);
            store.acknowledged += warm.ops();
        }
        Map<String, List<Timed.Sample>> rounds = new LinkedHashMap<>();
        for (int r = 0; r < cfg.rounds(); r++) {
            for (String system : turn(r)) {
                CommitStore store = stores.get(system);
                System.gc();
                Timed.Sample s = Timed.run(writers, cfg.measureNanos(), Long.MAX_VALUE, store::commit);
                store.acknowledged += s.ops();
                rounds.computeIfAbsent(system, k -> new ArrayList<>()).add(s);
                Progress.log("%s %s: round %d: %s commits/s, p50 %.2f ms, p99 %.2f ms", caseName, system, r + 1,
                        Results.format(s.opsPerSecond()), s.millis(50), s.millis(99));
            }
        }
        for (String system : systems) {
            Timed.Sample m = Timed.Sample.median(rounds.get(system), false);
            results.add(caseName, system, "commits", m.opsPerSecond(), "commits/s");
            results.add(caseName, system, "p50 latency", m.millis(50), "ms");
            results.add(caseName, system, "p99 latency", m.millis(99), "ms");
            Progress.log("%s %s: %s commits/s (median round), p50 %.2f ms, p99 %.2f ms", caseName, system,
                    Results.format(m.opsPerSecond()), m.millis(50), m.millis(99));
        }
    }

    // ---- bulk load in 1,000-row transactions ---------------------------------------------------

    private void loadCase(Path work) throws Exception {
        int warmRows = Math.max(cfg.loadBatch(), Math.min(cfg.loadRows() / 10, 20_000));
        for (String system : systems) {
            load(work, system, "warmup", warmRows, Long.MAX_VALUE);
        }
        Map<String, List<Timed.Sample>> rounds = new LinkedHashMap<>();
        for (int r = 0; r < cfg.rounds(); r++) {
            for (String system : turn(r)) {
                System.gc();
                Timed.Sample s = load(work, system, "r" + r, cfg.loadRows(), cfg.loadMaxNanos());
                rounds.computeIfAbsent(system, k -> new ArrayList<>()).add(s);
                Progress.log("%s %s: round %d: %s rows/s (%,d rows in %.2f s), p99 %.1f ms per transaction",
                        WalConfig.LOAD, system, r + 1, Results.format(s.rowsPerSecond()), s.rows(),
                        s.elapsedNanos() / 1e9, s.millis(99));
            }
        }
        for (String system : systems) {
            Timed.Sample m = Timed.Sample.median(rounds.get(system), true);
            results.add(WalConfig.LOAD, system, "rows", m.rowsPerSecond(), "rows/s");
            results.add(WalConfig.LOAD, system, "p50 txn latency", m.millis(50), "ms");
            results.add(WalConfig.LOAD, system, "p99 txn latency", m.millis(99), "ms");
        }
    }

    /** Loads up to {@code rows} rows into a fresh store, verifies the count, deletes the store. */
    private Timed.Sample load(Path work, String system, String tag, int rows, long maxNanos) throws Exception {
        Path dir = Files.createDirectories(work.resolve(system + "-load-" + tag));
        CommitTarget target = newTarget(system, "load");
        try {
            target.open(dir);
            int batch = cfg.loadBatch();
            long maxBatches = (rows + batch - 1) / batch;
            try (CommitTarget.Writer w = target.writer()) {
                long[] nextKey = new long[1];
                Timed.Sample s = Timed.run(1, maxNanos, maxBatches, t -> {
                    int n = (int) Math.min(batch, rows - nextKey[0]);
                    long[] keys = new long[n];
                    byte[][] values = new byte[n][];
                    for (int i = 0; i < n; i++) {
                        keys[i] = nextKey[0] + i;
                        values[i] = Values.of(keys[i], 0);
                    }
                    w.commitBatch(keys, values);
                    nextKey[0] += n;
                    return n;
                });
                long count = target.count();
                if (count != s.rows()) {
                    throw new BenchFailure(WalConfig.LOAD + "/" + system + ": " + count + " rows after loading "
                            + s.rows());
                }
                return s;
            }
        } finally {
            try {
                target.close();
            } finally {
                deleteQuietly(dir);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files2.deleteRecursively(dir);
        } catch (RuntimeException e) {
            Progress.log("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
