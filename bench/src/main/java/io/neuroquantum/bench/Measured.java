package io.neuroquantum.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one timed phase: {@code ops} operations (inserts, lookups, scans, mixed ops)
 * that visited {@code rows} rows, in {@code elapsedNanos} of wall time, with a per-operation
 * latency histogram in nanoseconds.
 */
record Measured(long ops, long rows, long elapsedNanos, Histogram latency) {

    /** Highest trackable latency: 10 minutes, 3 significant digits. */
    static Histogram newHistogram() {
        return new Histogram(600_000_000_000L, 3);
    }

    /**
     * The round with the median throughput, carrying the latencies of all rounds merged: a
     * single slow round (a GC, a noisy neighbour) moves neither the throughput nor the percentiles much.
     */
    static Measured median(List<Measured> rounds) {
        List<Measured> sorted = new ArrayList<>(rounds);
        sorted.sort(Comparator.comparingDouble(Measured::opsPerSecond));
        Measured mid = sorted.get(sorted.size() / 2);
        Histogram all = newHistogram();
        rounds.forEach(m -> all.add(m.latency()));
        return new Measured(mid.ops(), mid.rows(), mid.elapsedNanos(), all);
    }

    double opsPerSecond() {
        return ops * 1e9 / elapsedNanos;
    }

    double rowsPerSecond() {
        return rows * 1e9 / elapsedNanos;
    }

    /** Latency at {@code percentile} (e.g. 99.9) in microseconds. */
    double micros(double percentile) {
        return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    double meanMillisPerOp() {
        return elapsedNanos / 1e6 / ops;
    }
}
