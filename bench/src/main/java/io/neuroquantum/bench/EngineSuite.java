package io.neuroquantum.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The {@code engine} suite. Every system gets its own fresh store per case family, and the
 * systems take turns round by round (round 1 of every system, then round 2, ...), so the drift
 * of a noisy shared machine spreads evenly over all of them.
 *
 * <ul>
 *   <li>Sequential family: {@code seq-insert} of keys 0..n-1 into an empty store (cache fits the
 *       data), {@code point-lookup}, {@code range-scan}; every store reopened with a cache of an
 *       eighth of the data for {@code point-lookup-small-pool}; reopened with the fitting cache
 *       for {@code mixed-90-10}; a full verification scan after the inserts and after the mix.</li>
 *   <li>Random family: {@code random-insert} of a fixed-seed permutation into an empty store,
 *       verified by a full scan.</li>
 * </ul>
 * Inserts: untimed inserts into scratch stores first (JIT warm-up), then {@code rounds} rounds,
 * each into a fresh empty store; the last round's store stays for the read cases. Read cases:
 * untimed passes of {@code warmupFraction} of the operations, checked byte for byte, for at least
 * {@code minWarmupNanos} per system, then {@code rounds} measured rounds. Reported: the median
 * round's throughput and the latency percentiles over all rounds.
 */
final class EngineSuite {

    private final EngineConfig cfg;
    private final Results results;
    private byte[][] values;

    EngineSuite(EngineConfig cfg, Results results) {
        this.cfg = cfg;
        this.results = results;
    }

    void run() throws Exception {
        Progress.log("engine suite: n=%,d keys (8-byte) x %d-byte values, raw data %.1f MiB; caches: fit %.1f MiB,"
                        + " small %.1f MiB; %d rounds; systems %s; cases %s",
                cfg.n(), Values.SIZE, mib(cfg.dataBytes()), mib(cfg.fitCacheBytes()), mib(cfg.smallCacheBytes()),
                cfg.rounds(), cfg.systems(), cfg.cases());
        values = new byte[cfg.n()][];
        for (int k = 0; k < cfg.n(); k++) {
            values[k] = Values.of(k, 0);
        }
        if (cfg.runs("seq-insert") || cfg.runs("point-lookup") || cfg.runs("point-lookup-small-pool")
                || cfg.runs("range-scan") || cfg.runs("mixed-90-10")) {
            sequentialFamily();
        }
        if (cfg.runs("random-insert")) {
            randomFamily();
        }
    }

    private void sequentialFamily() throws Exception {
        Map<String, Store> stores = insertRounds("seq-insert", sequence(cfg.n()),
                sequence(Math.min(cfg.n() / 10, 50_000)), cfg.runs("seq-insert"));
        try {
            if (cfg.runs("point-lookup")) {
                lookups("point-lookup", stores);
            }
            if (cfg.runs("range-scan")) {
                scans(stores);
            }
            if (cfg.runs("point-lookup-small-pool")) {
                for (Map.Entry<String, Store> e : stores.entrySet()) {
                    e.getValue().target().reopen(cfg.smallCacheBytes());
                    Progress.log("point-lookup-small-pool %s: reopened: %s", e.getKey(), e.getValue().target().describe());
                }
                lookups("point-lookup-small-pool", stores);
                stores.forEach((system, store) ->
                        Progress.log("point-lookup-small-pool %s: after: %s", system, store.target().describe()));
            }
            if (cfg.runs("mixed-90-10")) {
                mixed(stores);
            }
        } finally {
            closeAll(stores);
        }
    }

    private void randomFamily() throws Exception {
        Map<String, Store> stores = insertRounds("random-insert", permutation(cfg.n(), cfg.seed()),
                permutation(Math.min(cfg.n() / 10, 50_000), cfg.seed() + 100), true);
        closeAll(stores);
    }

    /**
     * Warm-up inserts for every system, then {@code rounds} rounds in which each system inserts
     * {@code keys} into a fresh empty store (cache fits the data), verified by a full scan.
     * Returns each system's last store, open; the earlier ones are deleted.
     */
    private Map<String, Store> insertRounds(String caseName, long[] keys, long[] warmKeys, boolean reportIt)
            throws Exception {
        String family = caseName.substring(0, caseName.indexOf('-'));
        Map<String, Store> stores = new LinkedHashMap<>();
        Map<String, List<Measured>> rounds = new LinkedHashMap<>();
        try {
            for (String system : cfg.systems()) {
                warmInserts(system, warmKeys);
            }
            for (int r = 0; r < cfg.rounds(); r++) {
                for (String system : cfg.systems()) {
                    Store old = stores.remove(system);
                    if (old != null) {
                        old.close();
                    }
                    Store store = Store.open(system, family, cfg.fitCacheBytes());
                    stores.put(system, store);
                    if (r == 0) {
                        Progress.log("%s %s: %s", caseName, system, store.target().describe());
                    }
                    gc();
                    Measured m = Phases.insert(store.target(), keys, values);
                    rounds.computeIfAbsent(system, s -> new ArrayList<>()).add(m);
                    Phases.verifyAll(store.target().primary(), caseName + "/" + system, keys.length);
                    roundLog(caseName, system, r, m, "ops/s");
                }
            }
        } catch (Exception | Error e) {
            closeAll(stores);
            throw e;
        }
        if (reportIt) {
            for (String system : cfg.systems()) {
                report(caseName, system, Measured.median(rounds.get(system)), "ops/s", stores.get(system));
            }
        }
        return stores;
    }

    /**
     * Untimed inserts into scratch stores of the system (each fresh, at most 10) until the
     * warm-up time has passed, so the JIT has compiled the insert path before it is measured.
     */
    private void warmInserts(String system, long[] keys) throws Exception {
        if (keys.length == 0) {
            return;
        }
        long warmStart = System.nanoTime();
        int passes = 0;
        do {
            try (Store scratch = Store.open(system, "warmup", cfg.fitCacheBytes())) {
                Phases.insert(scratch.target(), keys, values);
                Phases.verifyAll(scratch.target().primary(), "warm-up insert/" + system, keys.length);
            }
        } while (++passes < 10 && System.nanoTime() - warmStart < cfg.minWarmupNanos());
    }

    private void lookups(String caseName, Map<String, Store> stores) throws Exception {
        int warmOps = cfg.warmup(cfg.n());
        interleaved(caseName, "ops/s", stores,
                (system, t) -> {
                    long seed = cfg.seed() + 1000;
                    long start = System.nanoTime();
                    do {
                        Phases.lookups(t.primary(), caseName + "/" + system, cfg.n(), warmOps, seed++, true);
                    } while (System.nanoTime() - start < cfg.minWarmupNanos());
                },
                (system, t, r) -> Phases.lookups(t.primary(), caseName + "/" + system, cfg.n(), cfg.n(),
                        cfg.seed() + 2 + r, false));
    }

    private void scans(Map<String, Store> stores) throws Exception {
        int warmScans = cfg.warmup(cfg.scans());
        interleaved("range-scan", "rows/s", stores,
                (system, t) -> {
                    long seed = cfg.seed() + 3000;
                    long start = System.nanoTime();
                    do {
                        Phases.scans(t.primary(), "range-scan/" + system, cfg.n(), warmScans, cfg.scanRows(), seed++, true);
                    } while (System.nanoTime() - start < cfg.minWarmupNanos());
                },
                (system, t, r) -> Phases.scans(t.primary(), "range-scan/" + system, cfg.n(), cfg.scans(), cfg.scanRows(),
                        cfg.seed() + 4 + r, false));
    }

    private void mixed(Map<String, Store> stores) throws Exception {
        Map<String, MixedLoad> loads = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Store> e : stores.entrySet()) {
                e.getValue().target().reopen(cfg.fitCacheBytes());
                loads.put(e.getKey(), new MixedLoad(e.getValue().target(), "mixed-90-10/" + e.getKey(), cfg.n(),
                        cfg.threads(), cfg.readPercent(), cfg.seed() + 5));
            }
            interleaved("mixed-90-10", "ops/s", stores,
                    (system, t) -> loads.get(system).warmUp(cfg.warmup(cfg.mixedOpsPerThread()), cfg.minWarmupNanos()),
                    (system, t, r) -> loads.get(system).round(cfg.mixedOpsPerThread()));
        } finally {
            for (MixedLoad load : loads.values()) {
                load.close();
            }
        }
        for (Map.Entry<String, Store> e : stores.entrySet()) {
            KvTarget t = e.getValue().target();
            t.flush();
            Phases.verifyAll(t.primary(), "mixed-90-10/" + e.getKey(), cfg.n());
            Progress.log("mixed-90-10 %s: verified %,d rows by a full scan", e.getKey(), cfg.n());
        }
    }

    @FunctionalInterface
    private interface WarmUp {
        void run(String system, KvTarget target) throws Exception;
    }

    @FunctionalInterface
    private interface Round {
        Measured run(String system, KvTarget target, int round) throws Exception;
    }

    /** Warms up every system, then runs the measured rounds with the systems taking turns, then reports. */
    private void interleaved(String caseName, String unit, Map<String, Store> stores, WarmUp warmUp, Round round)
            throws Exception {
        for (Map.Entry<String, Store> e : stores.entrySet()) {
            warmUp.run(e.getKey(), e.getValue().target());
        }
        Map<String, List<Measured>> rounds = new LinkedHashMap<>();
        for (int r = 0; r < cfg.rounds(); r++) {
            for (Map.Entry<String, Store> e : stores.entrySet()) {
                gc();
                Measured m = round.run(e.getKey(), e.getValue().target(), r);
                rounds.computeIfAbsent(e.getKey(), s -> new ArrayList<>()).add(m);
                roundLog(caseName, e.getKey(), r, m, unit);
            }
        }
        rounds.forEach((system, ms) -> report(caseName, system, Measured.median(ms), unit, null));
    }

    private void roundLog(String caseName, String system, int r, Measured m, String unit) {
        Progress.log("%s %s: round %d: %s %s", caseName, system, r + 1,
                Results.format(unit.equals("rows/s") ? m.rowsPerSecond() : m.opsPerSecond()), unit);
    }

    private void report(String caseName, String system, Measured m, String unit, Store store) {
        boolean rows = unit.equals("rows/s");
        double throughput = rows ? m.rowsPerSecond() : m.opsPerSecond();
        results.add(caseName, system, "throughput", throughput, unit);
        results.add(caseName, system, "p50", m.micros(50), "us");
        results.add(caseName, system, "p99", m.micros(99), "us");
        results.add(caseName, system, "p999", m.micros(99.9), "us");
        String extra = "";
        if (rows) {
            results.add(caseName, system, "ms_per_scan", m.meanMillisPerOp(), "ms");
            extra = String.format(Locale.ROOT, ", %.2f ms/scan", m.meanMillisPerOp());
        }
        if (store != null) {
            double disk = mib(Files2.sizeOf(store.dir()));
            results.add(caseName, system, "disk", disk, "MiB");
            extra = String.format(Locale.ROOT, ", %.0f MiB on disk", disk);
        }
        Progress.log("%s %s: %s %s (median round), p50 %s us, p99 %s us, p999 %s us (%,d ops in %.2f s%s)", caseName,
                system, Results.format(throughput), unit, Results.format(m.micros(50)), Results.format(m.micros(99)),
                Results.format(m.micros(99.9)), m.ops(), m.elapsedNanos() / 1e9, extra);
    }

    private static void closeAll(Map<String, Store> stores) throws Exception {
        Exception first = null;
        for (Store s : stores.values()) {
            try {
                s.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        stores.clear();
        if (first != null) {
            throw first;
        }
    }

    static long[] sequence(int n) {
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = i;
        }
        return keys;
    }

    /** A fixed-seed Fisher–Yates permutation of 0..n-1. */
    static long[] permutation(int n, long seed) {
        long[] keys = sequence(n);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            long t = keys[i];
            keys[i] = keys[j];
            keys[j] = t;
        }
        return keys;
    }

    private static void gc() {
        System.gc();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
