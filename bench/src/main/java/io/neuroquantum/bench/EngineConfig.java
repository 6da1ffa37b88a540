package io.neuroquantum.bench;

import java.util.List;

/**
 * Sizes of the engine suite. Keys are 0..n-1 (8-byte integers), values 100 bytes, so the raw
 * data is {@code n * 108} bytes; "fits" caches are twice that, "small" caches an eighth.
 * Warm-up passes are {@code warmupFraction} of a case's operations, repeated until
 * {@code minWarmupNanos} have passed; read cases are measured in {@code rounds} rounds.
 */
record EngineConfig(int n, int scans, int scanRows, int threads, int mixedOpsPerThread, int readPercent,
                    double warmupFraction, long minWarmupNanos, int rounds, long seed,
                    List<String> systems, List<String> cases) {

    static final List<String> ALL_SYSTEMS = List.of("neuroquantum", "h2", "sqlite");
    static final List<String> ALL_CASES = List.of("seq-insert", "random-insert", "point-lookup",
            "point-lookup-small-pool", "range-scan", "mixed-90-10");

    static EngineConfig full(List<String> systems, List<String> cases) {
        return new EngineConfig(1_000_000, 1_000, 10_000, 2, 1_000_000, 90, 0.2, 2_000_000_000L, 3, 42, systems, cases);
    }

    /**
     * A fifth of the data, the full run's minimum warm-up, five rounds. With 1 s of warm-up the
     * first measured insert round of a 200,000-key case still ran at a third to a half of the
     * steady rate (the JIT had not finished; seen for neuroquantum and now and then for H2).
     * A quick round lasts only 0.1 to 0.3 s, so one background hiccup (a log segment being
     * forced or zero-filled, a GC, H2's background writer) halves it: the median of five
     * rounds is what two such rounds cannot move, for every system alike.
     */
    static EngineConfig quick(List<String> systems, List<String> cases) {
        return new EngineConfig(200_000, 200, 10_000, 2, 200_000, 90, 0.2, 2_000_000_000L, 5, 42, systems, cases);
    }

    EngineConfig withN(int newN) {
        return new EngineConfig(newN, scans, scanRows, threads, mixedOpsPerThread, readPercent, warmupFraction,
                minWarmupNanos, rounds, seed, systems, cases);
    }

    long dataBytes() {
        return (long) n * (8 + Values.SIZE);
    }

    /** A cache that holds all the data: twice the raw data size. */
    long fitCacheBytes() {
        return 2 * dataBytes();
    }

    /** A cache an eighth of the raw data size. */
    long smallCacheBytes() {
        return dataBytes() / 8;
    }

    int warmup(int ops) {
        return Math.max(1, (int) (ops * warmupFraction));
    }

    boolean runs(String caseName) {
        return cases.contains(caseName);
    }
}
