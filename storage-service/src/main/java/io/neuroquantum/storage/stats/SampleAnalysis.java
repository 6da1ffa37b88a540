package io.neuroquantum.storage.stats;

import io.neuroquantum.storage.catalog.ColumnType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Derives the distinct estimate, the most common values and the equi-depth histogram from a
 * sample, following PostgreSQL's {@code compute_scalar_stats}.
 *
 * <ul>
 *   <li>Distinct: exact sample count when the sample is the whole population; otherwise the
 *       HyperLogLog estimate clamped to {@code [sample distinct, population]}, snapped to the
 *       population when every sampled value was distinct and the sketch agrees within 3 sigma
 *       (a unique column).
 *   <li>MCVs: if the sample has at most {@code maxMostCommon} distinct values and that is all of
 *       them, every value is an MCV. Otherwise the values seen at least twice, most frequent
 *       first, up to {@code maxMostCommon}; unless the sample is the whole population, the least
 *       common are then dropped while they are not significantly more common than an average
 *       non-MCV value (PostgreSQL 11+ {@code analyze_mcv_list}, with a stricter
 *       significance level, see {@link #significant}).
 *   <li>Histogram: the sorted sample without MCV occurrences; with {@code k + 1 = min(distinct
 *       rest, buckets + 1) >= 2} bounds, bound {@code i} is element {@code i (r - 1) / k} of the
 *       {@code r} remaining values.
 * </ul>
 */
final class SampleAnalysis {

    record Result(double distinct, List<Object> mostCommon, List<Double> frequencies, List<Object> bounds) {
    }

    private SampleAnalysis() {
    }

    /**
     * @param sample          canonical non-null values, a uniform sample of the population; sorted in place
     * @param complete        the sample is the whole population
     * @param population      number of non-null values the sample stands for (>= sample length)
     * @param allRowsFraction fraction of all rows the population makes up (scales MCV frequencies)
     * @param hllEstimate     sketch estimate of distinct non-null values
     * @param hllError        relative standard error of the sketch
     */
    static Result analyze(ColumnType type, Object[] sample, boolean complete, long population,
            double allRowsFraction, double hllEstimate, double hllError, CollectorConfig config) {
        int n = sample.length;
        if (n == 0) {
            double d = Math.min(population, Math.max(population > 0 ? 1 : 0, Math.round(hllEstimate)));
            return new Result(d, List.of(), List.of(), List.of());
        }
        Arrays.sort(sample, type::compare);
        int[] runStart = new int[n + 1];
        int runs = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || type.compare(sample[i - 1], sample[i]) != 0) {
                runStart[runs++] = i;
            }
        }
        runStart[runs] = n;

        double distinct;
        if (complete) {
            distinct = runs;
        } else {
            distinct = Math.min(population, Math.max(runs, Math.round(hllEstimate)));
            if (runs == n && hllEstimate >= population * (1 - 3 * hllError)) {
                distinct = population;
            }
        }

        Integer[] order = mostCommonRuns(runStart, runs, n, complete, population, distinct, config);
        boolean[] isMcv = new boolean[runs];
        List<Object> mcv = new ArrayList<>(order.length);
        List<Double> freqs = new ArrayList<>(order.length);
        for (int r : order) {
            isMcv[r] = true;
            mcv.add(sample[runStart[r]]);
            freqs.add((double) (runStart[r + 1] - runStart[r]) / n * allRowsFraction);
        }
        return new Result(distinct, mcv, freqs, histogram(sample, runStart, runs, isMcv, config));
    }

    private static Integer[] mostCommonRuns(int[] runStart, int runs, int n, boolean complete, long population,
            double distinct, CollectorConfig config) {
        int max = config.maxMostCommon();
        List<Integer> candidates = new ArrayList<>();
        boolean allFit = runs <= max && distinct == runs;
        for (int r = 0; r < runs; r++) {
            if (allFit || runStart[r + 1] - runStart[r] >= 2) {
                candidates.add(r);
            }
        }
        // most frequent first; ties keep value order (List.sort is stable)
        candidates.sort(Comparator.comparingInt((Integer r) -> runStart[r + 1] - runStart[r]).reversed());
        int keep = Math.min(max, candidates.size());
        if (!allFit && !complete && n < population) {
            int[] counts = new int[keep];
            for (int i = 0; i < keep; i++) {
                int r = candidates.get(i);
                counts[i] = runStart[r + 1] - runStart[r];
            }
            keep = significant(counts, keep, n, population, distinct);
        }
        return candidates.subList(0, keep).toArray(Integer[]::new);
    }

    /**
     * PostgreSQL's {@code analyze_mcv_list}: drops the least common candidates while their sample
     * count is not above what they would get as non-MCVs by more than {@code z} standard errors
     * (hypergeometric, continuity-corrected). Returns how many of {@code counts} (descending) to keep.
     *
     * <p>Unlike PostgreSQL's fixed {@code z = 2}, {@code z = max(2, sqrt(2 ln distinct))}: the
     * candidates are the largest of {@code distinct} sample counts, and the largest of {@code d}
     * counts of equally common values lies about {@code sqrt(2 ln d)} standard errors above their
     * mean. With {@code z = 2} a uniform column of 1000 values got ten MCVs from noise alone, each
     * with a frequency 40% too high.
     */
    private static int significant(int[] counts, int keep, int n, long population, double distinct) {
        double sum = 0;
        for (int i = 0; i < keep - 1; i++) {
            sum += counts[i];
        }
        double bigN = population;
        double z = Math.max(2, Math.sqrt(2 * Math.log(Math.max(1, distinct))));
        while (keep > 0) {
            int count = counts[keep - 1];
            double selectivity = Math.max(0, Math.min(1, 1 - sum / n));
            double otherDistinct = distinct - (keep - 1);
            if (otherDistinct > 1) {
                selectivity /= otherDistinct;
            }
            double k = bigN * count / n;
            double variance = n * k * (bigN - k) * (bigN - n) / (bigN * bigN * (bigN - 1));
            if (count > selectivity * n + z * Math.sqrt(variance) + 0.5) {
                break;
            }
            keep--;
            if (keep > 0) {
                sum -= counts[keep - 1];
            }
        }
        return keep;
    }

    private static List<Object> histogram(Object[] sample, int[] runStart, int runs, boolean[] isMcv,
            CollectorConfig config) {
        List<Object> rest = new ArrayList<>(sample.length);
        int restDistinct = 0;
        for (int r = 0; r < runs; r++) {
            if (!isMcv[r]) {
                restDistinct++;
                for (int i = runStart[r]; i < runStart[r + 1]; i++) {
                    rest.add(sample[i]);
                }
            }
        }
        int bounds = Math.min(restDistinct, config.maxHistogramBuckets() + 1);
        if (bounds < 2) {
            return List.of();
        }
        int k = bounds - 1;
        long last = rest.size() - 1;
        List<Object> out = new ArrayList<>(bounds);
        for (int i = 0; i <= k; i++) {
            out.add(rest.get((int) (i * last / k)));
        }
        return out;
    }
}
