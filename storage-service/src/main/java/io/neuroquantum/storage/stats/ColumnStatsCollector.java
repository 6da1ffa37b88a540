package io.neuroquantum.storage.stats;

import io.neuroquantum.storage.catalog.ColumnType;

/**
 * Accumulates the values of one column, one at a time, and derives its {@link ColumnStatistics}.
 *
 * <p>Keeps exact counts (rows, NULLs, total width), exact min/max, a {@link HyperLogLog} sketch of
 * all non-null values and a seeded reservoir sample, so memory is bounded by the configuration,
 * not the table. {@link #statistics()} does not consume the collector; more values may follow.
 *
 * <p>Invariants: {@code nullCount() <= count()}; every value offered was checked against the
 * column type ({@link IllegalArgumentException} otherwise, and the value is not counted); equal
 * inputs in equal order with equal config give equal statistics. Values wider than {@link
 * CollectorConfig#maxValueWidth()} (VARCHAR, TEXT, BYTEA, DECIMAL) are counted but not sampled
 * and do not take part in min/max. Byte arrays are copied when kept. Not thread-safe.
 */
public final class ColumnStatsCollector {

    private final String column;
    private final ColumnType type;
    private final CollectorConfig config;
    private final HyperLogLog sketch;
    private final Reservoir reservoir;
    private long count;
    private long nullCount;
    private long wideCount;
    private double widthSum;
    private Object min;
    private Object max;

    public ColumnStatsCollector(String column, ColumnType type) {
        this(column, type, CollectorConfig.DEFAULT);
    }

    public ColumnStatsCollector(String column, ColumnType type, CollectorConfig config) {
        if (column == null || type == null || config == null) {
            throw new IllegalArgumentException("column, type and config are required");
        }
        this.column = column;
        this.type = type;
        this.config = config;
        this.sketch = new HyperLogLog(config.hllPrecision());
        this.reservoir = new Reservoir(config.sampleSize(), config.seed());
    }

    /**
     * Adds one value; {@code null} is SQL NULL.
     *
     * @throws IllegalArgumentException if the value is not of the column type's Java class
     */
    public void add(Object value) {
        if (value == null) {
            count++;
            nullCount++;
            return;
        }
        Values.check(type, value);
        Object v = Values.canonical(type, value);
        count++;
        sketch.addHash(ValueHash.hash(type, v));
        int width = Values.width(type, v);
        widthSum += width;
        if (width > config.maxValueWidth() && variableWidth()) {
            wideCount++;
            return;
        }
        if (min == null || type.compare(v, min) < 0) {
            min = keep(v);
        }
        if (max == null || type.compare(v, max) > 0) {
            max = keep(v);
        }
        int slot = reservoir.slotForNext();
        if (slot >= 0) {
            reservoir.set(slot, keep(v));
        }
    }

    private boolean variableWidth() {
        return switch (type) {
            case VARCHAR, TEXT, BYTEA, DECIMAL -> true;
            default -> false;
        };
    }

    private static Object keep(Object v) {
        return v instanceof byte[] b ? b.clone() : v;
    }

    public String column() {
        return column;
    }

    public ColumnType type() {
        return type;
    }

    /** Values added, NULLs included. */
    public long count() {
        return count;
    }

    public long nullCount() {
        return nullCount;
    }

    /** A copy of the distinct-count sketch of the non-null values (mergeable, serializable). */
    public HyperLogLog sketch() {
        return sketch.copy();
    }

    /** The statistics of everything added so far. */
    public ColumnStatistics statistics() {
        double nullFraction = count == 0 ? 0 : (double) nullCount / count;
        long nonNull = count - nullCount;
        if (nonNull == 0) {
            return ColumnStatistics.empty(column, type, nullFraction);
        }
        long narrow = nonNull - wideCount;
        double narrowFraction = (1 - nullFraction) * ((double) narrow / nonNull);
        double estimate = sketch.estimate();
        SampleAnalysis.Result r = SampleAnalysis.analyze(type, reservoir.items(),
                reservoir.complete() && wideCount == 0, narrow, narrowFraction,
                estimate, sketch.relativeError(), config);
        // wide values are in the sketch but not in the sample
        double distinct = wideCount == 0
                ? r.distinct()
                : Math.min(nonNull, Math.max(r.distinct(), Math.round(estimate)));
        return new ColumnStatistics(column, type, nullFraction, distinct, widthSum / nonNull,
                min, max, r.mostCommon(), r.frequencies(), r.bounds());
    }
}
