package io.neuroquantum.storage.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.storage.catalog.ColumnType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SelectivityTest {

    private static final double RANGE_TOLERANCE = 0.02;

    private static void checkRanges(long[] data, ColumnStatistics s, long from, long to, long step) {
        long[] sorted = data.clone();
        Arrays.sort(sorted);
        double previous = 0;
        for (long v = from; v <= to; v += step) {
            double lt = StatsTestData.fractionBelow(sorted, v, false);
            double le = StatsTestData.fractionBelow(sorted, v, true);
            assertThat(Selectivity.lessThan(s, v)).as("< %d", v).isCloseTo(lt, within(RANGE_TOLERANCE));
            assertThat(Selectivity.lessOrEqual(s, v)).as("<= %d", v).isCloseTo(le, within(RANGE_TOLERANCE));
            assertThat(Selectivity.greaterThan(s, v)).as("> %d", v).isCloseTo(1 - le, within(RANGE_TOLERANCE));
            assertThat(Selectivity.greaterOrEqual(s, v)).as(">= %d", v).isCloseTo(1 - lt, within(RANGE_TOLERANCE));
            assertThat(Selectivity.lessThan(s, v)).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(
                    Selectivity.lessOrEqual(s, v));
            previous = Selectivity.lessThan(s, v);
            long hi = v + 3 * step;
            double truth = StatsTestData.fractionBelow(sorted, hi, true) - lt;
            assertThat(Selectivity.between(s, v, hi)).as("between %d and %d", v, hi)
                    .isCloseTo(truth, within(RANGE_TOLERANCE));
        }
    }

    @Test
    void uniformRanges() {
        long[] data = StatsTestData.uniform(200_000, 100_000, 11);
        ColumnStatistics s = StatsTestData.collect(data, CollectorConfig.DEFAULT);
        checkRanges(data, s, -1000, 101_000, 997);
    }

    @Test
    void uniformEquality() {
        long[] data = StatsTestData.uniform(200_000, 1000, 12);
        ColumnStatistics s = StatsTestData.collect(data, CollectorConfig.DEFAULT);
        // every value is about 1/1000 of the rows
        for (long v = 0; v < 1000; v += 37) {
            assertThat(Selectivity.equal(s, v)).isCloseTo(0.001, within(0.0003));
        }
        assertThat(Selectivity.notEqual(s, 5L)).isCloseTo(0.999, within(0.0003));
    }

    @Test
    void skewedRangesAndEquality() {
        long[] data = StatsTestData.zipf(200_000, 2000, 1.05, 13);
        ColumnStatistics s = StatsTestData.collect(data, CollectorConfig.DEFAULT);
        checkRanges(data, s, 0, 2100, 7);
        long[] counts = new long[2001];
        for (long v : data) {
            counts[(int) v]++;
        }
        // MCVs: close. Beyond the 10 MCVs every value gets the average of the rest: right for the
        // bulk of the tail (ranks 200..800), too low for ranks 11..~100, too high for the far tail.
        for (int v : new int[] {1, 2, 5, 10}) {
            double truth = (double) counts[v] / data.length;
            assertThat(Selectivity.equal(s, (long) v)).as("= %d", v).isCloseTo(truth, within(0.1 * truth));
        }
        for (int v : new int[] {200, 400, 800}) {
            double truth = (double) counts[v] / data.length;
            assertThat(Selectivity.equal(s, (long) v)).as("= %d", v).isBetween(truth / 3, truth * 3);
        }
        // total over all values stays near 1
        double sum = 0;
        for (long v = 1; v <= 2000; v++) {
            sum += Selectivity.equal(s, v);
        }
        assertThat(sum).isCloseTo(1.0, within(0.25));
    }

    @Test
    void nulls() {
        ColumnStatsCollector c = new ColumnStatsCollector("n", ColumnType.INT);
        for (int i = 0; i < 10_000; i++) {
            c.add(i % 5 == 0 ? null : i);
        }
        ColumnStatistics s = c.statistics();
        assertThat(Selectivity.isNull(s)).isEqualTo(0.2);
        assertThat(Selectivity.isNotNull(s)).isEqualTo(0.8);
        assertThat(Selectivity.equal(s, null)).isZero();
        assertThat(Selectivity.lessThan(s, null)).isZero();
        assertThat(Selectivity.between(s, null, 5)).isZero();
        assertThat(Selectivity.greaterOrEqual(s, Integer.MIN_VALUE)).isCloseTo(0.8, within(1e-9));
        assertThat(Selectivity.lessOrEqual(s, Integer.MAX_VALUE)).isCloseTo(0.8, within(1e-9));
        assertThat(Selectivity.lessThan(s, 5000)).isCloseTo(0.4, within(0.01));
        assertThat(Selectivity.between(s, 5000, 100)).isZero();
        assertThatThrownBy(() -> Selectivity.equal(s, 5L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mcvOnlyColumn() {
        ColumnStatsCollector c = new ColumnStatsCollector("s", ColumnType.VARCHAR);
        String[] values = {"a", "b", "c"};
        for (int i = 0; i < 6000; i++) {
            c.add(values[i % 6 < 3 ? 0 : i % 6 < 5 ? 1 : 2]);
        }
        ColumnStatistics s = c.statistics();
        assertThat(s.histogramBounds()).isEmpty();
        assertThat(Selectivity.equal(s, "a")).isCloseTo(0.5, within(1e-9));
        assertThat(Selectivity.equal(s, "zzz")).isZero();
        assertThat(Selectivity.lessOrEqual(s, "b")).isCloseTo(5.0 / 6, within(1e-9));
        assertThat(Selectivity.lessThan(s, "b")).isCloseTo(0.5, within(1e-9));
        assertThat(Selectivity.greaterThan(s, "b")).isCloseTo(1.0 / 6, within(1e-9));
        assertThat(Selectivity.between(s, "a", "b")).isCloseTo(5.0 / 6, within(1e-9));
    }

    @Test
    void stringHistogramIsBucketGranular() {
        ColumnStatsCollector c = new ColumnStatsCollector("s", ColumnType.TEXT);
        Random r = new Random(5);
        String[] data = new String[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = "k" + String.format("%06d", r.nextInt(500_000));
            c.add(data[i]);
        }
        ColumnStatistics s = c.statistics();
        Arrays.sort(data);
        for (String v : new String[] {"k1", "k100000", "k250000", "k400000x", "l"}) {
            int below = Arrays.binarySearch(data, v);
            double truth = (double) (below >= 0 ? below : -below - 1) / data.length;
            // half a bucket plus sampling noise
            assertThat(Selectivity.lessThan(s, v)).as("< %s", v).isCloseTo(truth, within(0.005 + 0.02));
        }
    }

    @Test
    void timestampsInterpolate() {
        ColumnStatsCollector c = new ColumnStatsCollector("t", ColumnType.TIMESTAMP);
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < 100_000; i++) {
            c.add(start.plusSeconds(i * 60L));
        }
        ColumnStatistics s = c.statistics();
        Instant quarter = start.plusSeconds(25_000 * 60L + 7);
        assertThat(Selectivity.lessThan(s, quarter)).isCloseTo(0.25, within(0.005));
        assertThat(Selectivity.equal(s, quarter)).isCloseTo(1e-5, within(1e-7));
        assertThat(Selectivity.greaterThan(s, start.minusSeconds(1))).isEqualTo(1.0);
        assertThat(Selectivity.greaterThan(s, start.plusSeconds(1_000_000_000))).isZero();
    }

    @Test
    void fallsBackToMinMaxWithoutHistogram() {
        ColumnStatistics s = new ColumnStatistics("x", ColumnType.DOUBLE, 0.1, 1000, 8, 0.0, 100.0,
                List.of(), List.of(), List.of());
        assertThat(Selectivity.lessThan(s, 25.0)).isCloseTo(0.9 * 0.25, within(1e-9));
        assertThat(Selectivity.lessThan(s, -5.0)).isZero();
        assertThat(Selectivity.lessThan(s, 500.0)).isCloseTo(0.9, within(1e-9));
        ColumnStatistics text = new ColumnStatistics("y", ColumnType.TEXT, 0, 1000, 8, "a", "z",
                List.of(), List.of(), List.of());
        assertThat(Selectivity.lessThan(text, "m")).isCloseTo(Selectivity.DEFAULT_RANGE, within(1e-9));
        assertThat(Selectivity.equal(text, "m")).isCloseTo(0.001, within(1e-12));
    }

    @Test
    void resultsStayWithinZeroAndOne() {
        // inconsistent hand-made statistics must still give probabilities
        ColumnStatistics s = new ColumnStatistics("x", ColumnType.BIGINT, 0.5, 0, 8, 1L, 10L,
                List.of(5L), List.of(0.5), List.of(1L, 1L, 10L));
        for (long v = -2; v < 13; v++) {
            for (double p : new double[] {Selectivity.equal(s, v), Selectivity.notEqual(s, v),
                    Selectivity.lessThan(s, v), Selectivity.lessOrEqual(s, v), Selectivity.greaterThan(s, v),
                    Selectivity.greaterOrEqual(s, v), Selectivity.between(s, v, v + 2)}) {
                assertThat(p).isBetween(0.0, 1.0);
            }
        }
    }
}
