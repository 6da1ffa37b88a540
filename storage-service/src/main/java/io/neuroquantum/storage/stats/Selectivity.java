package io.neuroquantum.storage.stats;

import io.neuroquantum.storage.catalog.ColumnType;
import java.util.List;

/**
 * Selectivity estimates (fraction of a table's rows satisfying a predicate on one column) from
 * {@link ColumnStatistics}, in the manner of PostgreSQL's {@code eqsel} / {@code scalarineqsel}.
 *
 * <p>The rows split into NULLs ({@code nullFraction}), MCV rows (each MCV's frequency) and the
 * rest ({@code 1 - nullFraction - sum(MCV frequencies)}), which the histogram describes. Range
 * estimates add the MCVs that satisfy the predicate to the rest times the histogram fraction;
 * inside a bucket they interpolate linearly for BIGINT, INT, DOUBLE, DECIMAL and TIMESTAMP and
 * take half the bucket for other types. Without a histogram the rest is interpolated between
 * {@code min} and {@code max} (numeric types) or given {@link #DEFAULT_RANGE}.
 *
 * <p>{@code min} and {@code max} are exact at ANALYZE time, so a constant outside {@code [min,
 * max]} matches no row (of the non-MCV rest). With stale statistics (see {@link
 * TableStatistics#modifiedSinceAnalyze()}) that can underestimate, e.g. for new keys past the old
 * maximum; a planner should, as usual, never estimate fewer than one row.
 *
 * <p>Invariants: every result is in {@code [0, 1]}; comparisons with SQL NULL give 0; {@code
 * lessThan(v) <= lessOrEqual(v)}; {@code lessOrEqual + greaterThan = lessThan + greaterOrEqual = 1
 * - nullFraction} (before clamping); {@code lessThan} never decreases as {@code v} grows.
 * Constants must be of the column type's Java class ({@link IllegalArgumentException} otherwise).
 */
public final class Selectivity {

    /** Range selectivity of the non-MCV rest when nothing better is known (PostgreSQL's 1/3). */
    public static final double DEFAULT_RANGE = 1.0 / 3.0;

    private Selectivity() {
    }

    /** {@code col IS NULL}. */
    public static double isNull(ColumnStatistics s) {
        return clamp(s.nullFraction());
    }

    /** {@code col IS NOT NULL}. */
    public static double isNotNull(ColumnStatistics s) {
        return clamp(1 - s.nullFraction());
    }

    /**
     * {@code col = v}: the MCV frequency if {@code v} is an MCV; 0 outside {@code [min, max]};
     * otherwise the rest spread evenly over the other distinct values (or the mass of histogram
     * buckets made of {@code v} alone, if larger), never above the least common MCV's frequency.
     */
    public static double equal(ColumnStatistics s, Object v) {
        if (v == null) {
            return 0;
        }
        Values.check(s.type(), v);
        int i = mcvIndex(s, v);
        if (i >= 0) {
            return clamp(s.mostCommonFrequencies().get(i));
        }
        return clamp(restEqual(s, v));
    }

    /** {@code col <> v} (NULLs never qualify). */
    public static double notEqual(ColumnStatistics s, Object v) {
        if (v == null) {
            return 0;
        }
        return clamp(1 - s.nullFraction() - equal(s, v));
    }

    /** {@code col < v}. */
    public static double lessThan(ColumnStatistics s, Object v) {
        return v == null ? 0 : clamp(below(s, v, false));
    }

    /** {@code col <= v}. */
    public static double lessOrEqual(ColumnStatistics s, Object v) {
        return v == null ? 0 : clamp(below(s, v, true));
    }

    /** {@code col > v}. */
    public static double greaterThan(ColumnStatistics s, Object v) {
        return v == null ? 0 : clamp(1 - s.nullFraction() - below(s, v, true));
    }

    /** {@code col >= v}. */
    public static double greaterOrEqual(ColumnStatistics s, Object v) {
        return v == null ? 0 : clamp(1 - s.nullFraction() - below(s, v, false));
    }

    /** {@code col BETWEEN lo AND hi} (both inclusive; 0 if {@code lo > hi}). */
    public static double between(ColumnStatistics s, Object lo, Object hi) {
        if (lo == null || hi == null) {
            return 0;
        }
        return clamp(below(s, hi, true) - below(s, lo, false));
    }

    /** Fraction of all rows with a value {@code < v} (or {@code <= v} if inclusive); not clamped. */
    private static double below(ColumnStatistics s, Object v, boolean inclusive) {
        ColumnType type = s.type();
        Values.check(type, v);
        double mcv = 0;
        List<Object> values = s.mostCommonValues();
        for (int i = 0; i < values.size(); i++) {
            int c = type.compare(values.get(i), v);
            if (c < 0 || (inclusive && c == 0)) {
                mcv += s.mostCommonFrequencies().get(i);
            }
        }
        double rest = rest(s);
        if (rest <= 0) {
            return mcv;
        }
        int outside = outside(s, v);
        if (outside != 0) {
            return outside < 0 ? mcv : mcv + rest;
        }
        double fraction = restFraction(s, v, false);
        if (inclusive) {
            double eq = mcvIndex(s, v) >= 0 ? 0 : restEqual(s, v);
            fraction = Math.max(restFraction(s, v, true), fraction + eq / rest);
        }
        return mcv + rest * Math.min(1, fraction);
    }

    /** Fraction of the non-MCV rest below (or at most) {@code v}. */
    private static double restFraction(ColumnStatistics s, Object v, boolean inclusive) {
        ColumnType type = s.type();
        List<Object> b = s.histogramBounds();
        if (b.size() < 2) {
            if (Values.interpolable(type) && s.min() != null) {
                double lo = Values.position(type, s.min());
                double hi = Values.position(type, s.max());
                double x = Values.position(type, v);
                if (hi > lo && Double.isFinite(hi - lo) && Double.isFinite(x)) {
                    return clamp((x - lo) / (hi - lo));
                }
            }
            return DEFAULT_RANGE;
        }
        // below = number of bounds < v (or <= v)
        int lo = 0;
        int hi = b.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = type.compare(b.get(mid), v);
            if (c < 0 || (inclusive && c == 0)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int below = lo;
        if (below == 0) {
            return 0;
        }
        if (below == b.size()) {
            return 1;
        }
        Object lower = b.get(below - 1);
        Object upper = b.get(below);
        return (below - 1 + withinBucket(type, lower, upper, v)) / (b.size() - 1);
    }

    /** Where {@code v} lies in the bucket {@code [lower, upper]}, as a fraction. */
    private static double withinBucket(ColumnType type, Object lower, Object upper, Object v) {
        if (type.compare(v, lower) <= 0) {
            return 0;
        }
        if (type.compare(v, upper) >= 0) {
            return 1;
        }
        if (Values.interpolable(type)) {
            double l = Values.position(type, lower);
            double u = Values.position(type, upper);
            double x = Values.position(type, v);
            double f = (x - l) / (u - l);
            if (u > l && Double.isFinite(f)) {
                return clamp(f);
            }
        }
        return 0.5;
    }

    /** Fraction of rows neither NULL nor an MCV; rounding residue below 1e-12 counts as none. */
    private static double rest(ColumnStatistics s) {
        double rest = 1 - s.nullFraction() - s.mostCommonTotal();
        return rest < 1e-12 ? 0 : rest;
    }

    /** -1 if {@code v} is below {@code min}, 1 if above {@code max}, else 0 (also without min/max). */
    private static int outside(ColumnStatistics s, Object v) {
        if (s.min() == null) {
            return 0;
        }
        if (s.type().compare(v, s.min()) < 0) {
            return -1;
        }
        return s.type().compare(v, s.max()) > 0 ? 1 : 0;
    }

    /** Estimated frequency of a non-MCV value {@code v}. */
    private static double restEqual(ColumnStatistics s, Object v) {
        double rest = rest(s);
        if (rest <= 0 || outside(s, v) != 0) {
            return 0;
        }
        double others = s.distinct() - s.mostCommonValues().size();
        double estimate = rest / Math.max(1, others);
        if (s.histogramBounds().size() >= 2) {
            double spanned = restFraction(s, v, true) - restFraction(s, v, false);
            estimate = Math.max(estimate, rest * spanned);
        }
        List<Double> freqs = s.mostCommonFrequencies();
        if (!freqs.isEmpty()) {
            estimate = Math.min(estimate, freqs.get(freqs.size() - 1));
        }
        return estimate;
    }

    private static int mcvIndex(ColumnStatistics s, Object v) {
        List<Object> values = s.mostCommonValues();
        for (int i = 0; i < values.size(); i++) {
            if (s.type().compare(values.get(i), v) == 0) {
                return i;
            }
        }
        return -1;
    }

    private static double clamp(double x) {
        return x > 1 ? 1 : x >= 0 ? x : 0;
    }
}
