package io.neuroquantum.storage.stats;

import io.neuroquantum.storage.catalog.ColumnType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Planner statistics of one column (PostgreSQL's {@code pg_stats} row). Plain fields and lists,
 * so it serializes to JSON as is ({@code type} as its name, BYTEA values as base64).
 *
 * <p>Values ({@code min}, {@code max}, MCVs, histogram bounds) are non-null instances of the
 * type's Java class ({@link ColumnType#javaType()}), canonical as produced by the collector
 * (decimals without trailing zeros, no {@code -0.0}). Byte arrays must not be mutated.
 *
 * <p>Invariants (checked by the constructor, {@link IllegalArgumentException} otherwise):
 * <ul>
 *   <li>{@code 0 <= nullFraction <= 1}; {@code distinct >= 0} (estimated number of distinct
 *       non-null values); {@code averageWidth >= 0} (bytes per non-null value); all finite.
 *   <li>{@code min} and {@code max} are both null (no non-null value, or only values too wide
 *       to sample) or both set, {@code min <= max}.
 *   <li>{@code mostCommonValues} and {@code mostCommonFrequencies} have the same size; frequencies
 *       are fractions of <em>all</em> rows (NULLs included) in {@code (0, 1]}, non-increasing, and
 *       {@code nullFraction + sum(frequencies) <= 1} (up to rounding, 1e-9).
 *   <li>{@code histogramBounds} is empty or has at least 2 bounds in non-decreasing SQL order. It
 *       describes the values that are not MCVs: each of the {@code size - 1} buckets holds about
 *       the same number of them.
 * </ul>
 *
 * <p>Equality compares byte arrays by content.
 */
public record ColumnStatistics(
        String column,
        ColumnType type,
        double nullFraction,
        double distinct,
        double averageWidth,
        Object min,
        Object max,
        List<Object> mostCommonValues,
        List<Double> mostCommonFrequencies,
        List<Object> histogramBounds) {

    private static final double SLACK = 1e-9;

    public ColumnStatistics {
        if (column == null) {
            throw new IllegalArgumentException("column name is null");
        }
        if (type == null) {
            throw new IllegalArgumentException("column " + column + ": type is null");
        }
        requireRange(column, "nullFraction", nullFraction, 0, 1);
        requireRange(column, "distinct", distinct, 0, Double.MAX_VALUE);
        requireRange(column, "averageWidth", averageWidth, 0, Double.MAX_VALUE);
        if ((min == null) != (max == null)) {
            throw new IllegalArgumentException("column " + column + ": min and max must both be set or both null");
        }
        if (min != null) {
            checkValue(column, type, "min", min);
            checkValue(column, type, "max", max);
            if (type.compare(min, max) > 0) {
                throw new IllegalArgumentException("column " + column + ": min > max");
            }
        }
        mostCommonValues = copyValues(column, type, "mostCommonValues", mostCommonValues);
        mostCommonFrequencies = copyFrequencies(column, mostCommonFrequencies);
        if (mostCommonValues.size() != mostCommonFrequencies.size()) {
            throw new IllegalArgumentException("column " + column + ": " + mostCommonValues.size()
                    + " most common values but " + mostCommonFrequencies.size() + " frequencies");
        }
        double sum = nullFraction;
        double previous = 1;
        for (double f : mostCommonFrequencies) {
            if (!(f > 0 && f <= previous)) {
                throw new IllegalArgumentException("column " + column
                        + ": most common frequencies must be in (0, 1] and non-increasing, got " + mostCommonFrequencies);
            }
            previous = f;
            sum += f;
        }
        if (sum > 1 + SLACK) {
            throw new IllegalArgumentException("column " + column
                    + ": nullFraction + most common frequencies = " + sum + " > 1");
        }
        histogramBounds = copyValues(column, type, "histogramBounds", histogramBounds);
        if (histogramBounds.size() == 1) {
            throw new IllegalArgumentException("column " + column + ": a histogram needs at least 2 bounds");
        }
        for (int i = 1; i < histogramBounds.size(); i++) {
            if (type.compare(histogramBounds.get(i - 1), histogramBounds.get(i)) > 0) {
                throw new IllegalArgumentException("column " + column + ": histogram bounds out of order at " + i);
            }
        }
    }

    /** Statistics of a column without any non-null value. */
    public static ColumnStatistics empty(String column, ColumnType type, double nullFraction) {
        return new ColumnStatistics(column, type, nullFraction, 0, 0, null, null, List.of(), List.of(), List.of());
    }

    /** Sum of the MCV frequencies. */
    public double mostCommonTotal() {
        double s = 0;
        for (double f : mostCommonFrequencies) {
            s += f;
        }
        return s;
    }

    // static: a compact constructor must not read the (not yet assigned) fields
    private static void requireRange(String column, String what, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException("column " + column + ": " + what + " = " + v
                    + " outside [" + lo + ", " + hi + "]");
        }
    }

    private static void checkValue(String column, ColumnType type, String what, Object v) {
        try {
            Values.check(type, v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("column " + column + ": " + what + ": " + e.getMessage(), e);
        }
    }

    private static List<Object> copyValues(String column, ColumnType type, String what, List<?> values) {
        if (values == null) {
            throw new IllegalArgumentException("column " + column + ": " + what + " is null");
        }
        List<Object> copy = new ArrayList<>(values.size());
        for (Object v : values) {
            checkValue(column, type, what, v);
            copy.add(v);
        }
        return Collections.unmodifiableList(copy);
    }

    private static List<Double> copyFrequencies(String column, List<Double> freqs) {
        if (freqs == null) {
            throw new IllegalArgumentException("column " + column + ": mostCommonFrequencies is null");
        }
        List<Double> copy = new ArrayList<>(freqs.size());
        for (Double f : freqs) {
            if (f == null) {
                throw new IllegalArgumentException("column " + column + ": null most common frequency");
            }
            copy.add(f);
        }
        return Collections.unmodifiableList(copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnStatistics s
                && column.equals(s.column)
                && type == s.type
                && Double.compare(nullFraction, s.nullFraction) == 0
                && Double.compare(distinct, s.distinct) == 0
                && Double.compare(averageWidth, s.averageWidth) == 0
                && Values.deepEquals(min, s.min)
                && Values.deepEquals(max, s.max)
                && Values.deepEquals(mostCommonValues, s.mostCommonValues)
                && mostCommonFrequencies.equals(s.mostCommonFrequencies)
                && Values.deepEquals(histogramBounds, s.histogramBounds);
    }

    @Override
    public int hashCode() {
        int h = column.hashCode();
        h = 31 * h + type.hashCode();
        h = 31 * h + Double.hashCode(nullFraction);
        h = 31 * h + Double.hashCode(distinct);
        h = 31 * h + Double.hashCode(averageWidth);
        h = 31 * h + Values.deepHash(min);
        h = 31 * h + Values.deepHash(max);
        h = 31 * h + Values.deepHash(mostCommonValues);
        h = 31 * h + mostCommonFrequencies.hashCode();
        return 31 * h + Values.deepHash(histogramBounds);
    }
}
