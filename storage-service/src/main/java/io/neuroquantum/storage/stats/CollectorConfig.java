package io.neuroquantum.storage.stats;

/**
 * Knobs of {@link ColumnStatsCollector}, defaults as PostgreSQL's {@code default_statistics_target
 * = 100} (sample 300 x 100 rows, 100 histogram buckets) except for a shorter MCV list.
 *
 * @param sampleSize          reservoir size (>= 1): values kept for MCVs and histogram
 * @param maxMostCommon       longest most-common-values list (>= 0)
 * @param maxHistogramBuckets most histogram buckets (>= 1); the histogram has at most one more bound
 * @param hllPrecision        {@link HyperLogLog} precision in [4, 18]
 * @param maxValueWidth       VARCHAR/TEXT/BYTEA values wider than this many bytes stay out of the
 *                            sample and min/max (as PostgreSQL skips values over 1 kB); they still
 *                            count for nulls, distinct and average width
 * @param seed                reservoir seed: equal inputs give equal statistics
 */
public record CollectorConfig(
        int sampleSize, int maxMostCommon, int maxHistogramBuckets, int hllPrecision, int maxValueWidth, long seed) {

    public static final CollectorConfig DEFAULT = new CollectorConfig(30_000, 10, 100, 14, 1024, 0x5EED_5EEDL);

    public CollectorConfig {
        if (sampleSize < 1) {
            throw new IllegalArgumentException("sampleSize must be >= 1, got " + sampleSize);
        }
        if (maxMostCommon < 0) {
            throw new IllegalArgumentException("maxMostCommon must be >= 0, got " + maxMostCommon);
        }
        if (maxHistogramBuckets < 1) {
            throw new IllegalArgumentException("maxHistogramBuckets must be >= 1, got " + maxHistogramBuckets);
        }
        if (hllPrecision < HyperLogLog.MIN_PRECISION || hllPrecision > HyperLogLog.MAX_PRECISION) {
            throw new IllegalArgumentException("hllPrecision must be in [" + HyperLogLog.MIN_PRECISION + ", "
                    + HyperLogLog.MAX_PRECISION + "], got " + hllPrecision);
        }
        if (maxValueWidth < 1) {
            throw new IllegalArgumentException("maxValueWidth must be >= 1, got " + maxValueWidth);
        }
    }

    public CollectorConfig withSampleSize(int n) {
        return new CollectorConfig(n, maxMostCommon, maxHistogramBuckets, hllPrecision, maxValueWidth, seed);
    }

    public CollectorConfig withSeed(long s) {
        return new CollectorConfig(sampleSize, maxMostCommon, maxHistogramBuckets, hllPrecision, maxValueWidth, s);
    }
}
