package io.neuroquantum.storage.stats;

import io.neuroquantum.storage.catalog.ColumnType;
import java.util.Arrays;
import java.util.Random;

/** Deterministic test columns. */
final class StatsTestData {

    private StatsTestData() {
    }

    /** {@code n} longs uniform in {@code [0, range)}. */
    static long[] uniform(int n, long range, long seed) {
        Random r = new Random(seed);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextLong(range);
        }
        return out;
    }

    /** {@code n} ranks in {@code [1, values]} with P(k) proportional to {@code 1 / k^s}. */
    static long[] zipf(int n, int values, double s, long seed) {
        double[] cdf = new double[values];
        double total = 0;
        for (int k = 1; k <= values; k++) {
            total += 1 / Math.pow(k, s);
            cdf[k - 1] = total;
        }
        Random r = new Random(seed);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            int idx = Arrays.binarySearch(cdf, r.nextDouble() * total);
            out[i] = (idx >= 0 ? idx : -idx - 1) + 1;
        }
        return out;
    }

    static ColumnStatistics collect(long[] values, CollectorConfig config) {
        ColumnStatsCollector c = new ColumnStatsCollector("c", ColumnType.BIGINT, config);
        for (long v : values) {
            c.add(v);
        }
        return c.statistics();
    }

    /** Fraction of {@code values} below {@code v} (or at most {@code v}). */
    static double fractionBelow(long[] sorted, long v, boolean inclusive) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v || (inclusive && sorted[mid] == v)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return (double) lo / sorted.length;
    }
}
