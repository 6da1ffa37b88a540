package io.neuroquantum.bench.wal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Sizes of the {@code wal} suite. Every measurement is time-bound: {@code measureNanos} per
 * system per round, after {@code warmNanos} of untimed warm-up per system per case; systems take
 * turns round by round. The load case writes up to {@code loadRows} rows in transactions of
 * {@code loadBatch} rows, for at most {@code loadMaxNanos} per round.
 */
record WalConfig(boolean quick, long measureNanos, long warmNanos, int rounds, int loadRows, int loadBatch,
                 long loadMaxNanos, List<String> systems, List<String> cases, Path dir, String pgBin) {

    static final String OURS = "neuroquantum";
    static final List<String> ALL_SYSTEMS = List.of(OURS, "sqlite", "h2", "postgresql");
    /** Only the 64-writer case may contain "64" (the acceptance check selects cases by that regex). */
    static final String COMMIT_1 = "commit-1-writer";
    static final String COMMIT_16 = "commit-16-writers";
    static final String COMMIT_64 = "commit-64-writers";
    static final String LOAD = "load-1000-per-txn";
    static final String RAW = "raw-fdatasync";
    static final List<String> ALL_CASES = List.of(RAW, COMMIT_1, COMMIT_16, COMMIT_64, LOAD);

    static WalConfig quick(List<String> systems, List<String> cases, Path dir, String pgBin) {
        return new WalConfig(true, 2_000_000_000L, 500_000_000L, 3, 100_000, 1_000, 10_000_000_000L, systems, cases,
                dir, pgBin);
    }

    static WalConfig full(List<String> systems, List<String> cases, Path dir, String pgBin) {
        return new WalConfig(false, 10_000_000_000L, 2_000_000_000L, 3, 1_000_000, 1_000, 60_000_000_000L, systems,
                cases, dir, pgBin);
    }

    WalConfig withMeasure(long measure, long warm, int rounds) {
        return new WalConfig(quick, measure, warm, rounds, loadRows, loadBatch, loadMaxNanos, systems, cases, dir, pgBin);
    }

    WalConfig withLoadRows(int rows) {
        return new WalConfig(quick, measureNanos, warmNanos, rounds, rows, loadBatch, loadMaxNanos, systems, cases, dir,
                pgBin);
    }

    WalConfig withSystems(List<String> s) {
        return new WalConfig(quick, measureNanos, warmNanos, rounds, loadRows, loadBatch, loadMaxNanos, s, cases, dir,
                pgBin);
    }

    /** Writer threads of a commit case, 0 if it is not one. */
    static int writers(String caseName) {
        return switch (caseName) {
            case COMMIT_1 -> 1;
            case COMMIT_16 -> 16;
            case COMMIT_64 -> 64;
            default -> 0;
        };
    }

    /** The result name of a system, accepting a few aliases. */
    static String system(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "neuroquantum", "neuroquantumdb", "nq", "ours" -> OURS;
            case "postgresql", "postgres", "pg" -> "postgresql";
            case "sqlite", "h2" -> n;
            default -> throw new IllegalArgumentException("unknown system '" + name + "' (known: "
                    + String.join(", ", ALL_SYSTEMS) + ")");
        };
    }
}
