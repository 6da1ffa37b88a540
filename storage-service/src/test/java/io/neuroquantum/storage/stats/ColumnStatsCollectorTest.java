package io.neuroquantum.storage.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.storage.catalog.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnStatsCollectorTest {

    private static final CollectorConfig CONFIG = CollectorConfig.DEFAULT;

    @Test
    void uniformColumn() {
        long[] data = StatsTestData.uniform(200_000, 1_000_000, 1);
        ColumnStatistics s = StatsTestData.collect(data, CONFIG);
        long trueDistinct = Arrays.stream(data).distinct().count();

        assertThat(s.nullFraction()).isZero();
        assertThat(s.distinct()).isCloseTo(trueDistinct, within(trueDistinct * 0.03));
        assertThat(s.distinct()).isLessThanOrEqualTo(200_000);
        assertThat(s.min()).isEqualTo(Arrays.stream(data).min().getAsLong());
        assertThat(s.max()).isEqualTo(Arrays.stream(data).max().getAsLong());
        assertThat(s.averageWidth()).isEqualTo(8.0);
        assertThat(s.mostCommonValues()).isEmpty(); // nothing clearly above average
        assertThat(s.histogramBounds()).hasSize(101);
    }

    @Test
    void histogramBucketsHoldAboutEqualShares() {
        long[] data = StatsTestData.uniform(300_000, 50_000, 2);
        ColumnStatistics s = StatsTestData.collect(data, CONFIG);
        long[] sorted = data.clone();
        Arrays.sort(sorted);
        List<Object> b = s.histogramBounds();
        int buckets = b.size() - 1;
        assertThat(buckets).isEqualTo(100);
        for (int i = 0; i < buckets; i++) {
            double share = StatsTestData.fractionBelow(sorted, (Long) b.get(i + 1), false)
                    - StatsTestData.fractionBelow(sorted, (Long) b.get(i), false);
            assertThat(share).as("bucket %d", i).isCloseTo(1.0 / buckets, within(0.5 / buckets));
        }
    }

    @Test
    void skewedColumnFindsTheMostCommonValues() {
        long[] data = StatsTestData.zipf(200_000, 1000, 1.1, 3);
        ColumnStatistics s = StatsTestData.collect(data, CONFIG);

        assertThat(s.mostCommonValues()).hasSize(10);
        assertThat(s.mostCommonValues()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        for (int i = 0; i < 10; i++) {
            long v = (Long) s.mostCommonValues().get(i);
            double truth = (double) Arrays.stream(data).filter(x -> x == v).count() / data.length;
            assertThat(s.mostCommonFrequencies().get(i)).as("MCV %d", v).isCloseTo(truth, within(0.1 * truth + 0.002));
        }
        // frequencies non-increasing, the histogram excludes MCVs
        assertThat(s.histogramBounds()).doesNotContainAnyElementsOf(s.mostCommonValues());
        assertThat(s.distinct()).isCloseTo(Arrays.stream(data).distinct().count(), within(25.0));
    }

    @Test
    void allNull() {
        ColumnStatsCollector c = new ColumnStatsCollector("n", ColumnType.TEXT);
        for (int i = 0; i < 1000; i++) {
            c.add(null);
        }
        ColumnStatistics s = c.statistics();
        assertThat(s).isEqualTo(ColumnStatistics.empty("n", ColumnType.TEXT, 1.0));
        assertThat(c.count()).isEqualTo(1000);
        assertThat(c.nullCount()).isEqualTo(1000);
    }

    @Test
    void empty() {
        ColumnStatistics s = new ColumnStatsCollector("e", ColumnType.INT).statistics();
        assertThat(s.nullFraction()).isZero();
        assertThat(s.distinct()).isZero();
        assertThat(s.min()).isNull();
        assertThat(s.mostCommonValues()).isEmpty();
        assertThat(s.histogramBounds()).isEmpty();
    }

    @Test
    void allEqualWithSomeNulls() {
        ColumnStatsCollector c = new ColumnStatsCollector("k", ColumnType.VARCHAR);
        for (int i = 0; i < 100_000; i++) {
            c.add(i % 4 == 0 ? null : "same");
        }
        ColumnStatistics s = c.statistics();
        assertThat(s.nullFraction()).isEqualTo(0.25);
        assertThat(s.distinct()).isEqualTo(1.0);
        assertThat(s.mostCommonValues()).containsExactly("same");
        assertThat(s.mostCommonFrequencies().getFirst()).isCloseTo(0.75, within(1e-12));
        assertThat(s.histogramBounds()).isEmpty();
        assertThat(s.min()).isEqualTo("same");
        assertThat(s.max()).isEqualTo("same");
        assertThat(s.averageWidth()).isEqualTo(4.0);
    }

    @Test
    void singleRow() {
        ColumnStatsCollector c = new ColumnStatsCollector("t", ColumnType.TIMESTAMP);
        Instant t = Instant.parse("2025-01-02T03:04:05.123456Z");
        c.add(t);
        ColumnStatistics s = c.statistics();
        assertThat(s.distinct()).isEqualTo(1.0);
        assertThat(s.mostCommonValues()).containsExactly(t);
        assertThat(s.mostCommonFrequencies()).containsExactly(1.0);
        assertThat(s.histogramBounds()).isEmpty();
        assertThat(s.min()).isEqualTo(t);
    }

    @Test
    void smallColumnIsExact() {
        ColumnStatsCollector c = new ColumnStatsCollector("b", ColumnType.BOOLEAN);
        for (int i = 0; i < 1000; i++) {
            c.add(i % 10 == 0);
        }
        ColumnStatistics s = c.statistics();
        assertThat(s.distinct()).isEqualTo(2.0);
        assertThat(s.mostCommonValues()).containsExactly(false, true);
        assertThat(s.mostCommonFrequencies()).containsExactly(0.9, 0.1);
    }

    @Test
    void uniqueColumnIsRecognisedFromTheSample() {
        ColumnStatsCollector c = new ColumnStatsCollector("id", ColumnType.BIGINT);
        for (long i = 0; i < 500_000; i++) {
            c.add(i);
        }
        ColumnStatistics s = c.statistics();
        assertThat(s.distinct()).isEqualTo(500_000.0);
        assertThat(s.mostCommonValues()).isEmpty();
    }

    @Test
    void distinctNeverExceedsNonNullCount() {
        ColumnStatsCollector c = new ColumnStatsCollector("x", ColumnType.DOUBLE, CONFIG.withSampleSize(100));
        for (int i = 0; i < 3000; i++) {
            c.add(i % 2 == 0 ? null : (double) i);
        }
        assertThat(c.statistics().distinct()).isLessThanOrEqualTo(1500.0);
    }

    @Test
    void canonicalValues() {
        ColumnStatsCollector d = new ColumnStatsCollector("d", ColumnType.DECIMAL);
        d.add(new BigDecimal("1.0"));
        d.add(new BigDecimal("1.00"));
        d.add(new BigDecimal("2.50"));
        ColumnStatistics s = d.statistics();
        assertThat(s.distinct()).isEqualTo(2.0);
        assertThat(s.mostCommonValues()).containsExactly(new BigDecimal("1"), new BigDecimal("2.5"));
        assertThat(s.max()).isEqualTo(new BigDecimal("2.5"));

        ColumnStatsCollector z = new ColumnStatsCollector("z", ColumnType.DOUBLE);
        z.add(-0.0);
        z.add(0.0);
        assertThat(z.statistics().mostCommonValues()).containsExactly(0.0);
        assertThat(z.statistics().distinct()).isEqualTo(1.0);
    }

    @Test
    void byteArraysAreCopiedAndComparedByContent() {
        ColumnStatsCollector c = new ColumnStatsCollector("b", ColumnType.BYTEA);
        byte[] buffer = {1, 2};
        c.add(buffer);
        buffer[0] = 9; // caller reuses its buffer
        c.add(new byte[] {1, 2});
        ColumnStatistics s = c.statistics();
        assertThat(s.mostCommonValues()).hasSize(1); // both rows were {1, 2} when added
        assertThat((byte[]) s.min()).containsExactly(1, 2);
        assertThat((byte[]) s.mostCommonValues().getFirst()).containsExactly(1, 2);
        assertThat(s.mostCommonFrequencies()).containsExactly(1.0);
        assertThat(s).isEqualTo(new ColumnStatistics("b", ColumnType.BYTEA, 0, 1, 2, new byte[] {1, 2},
                new byte[] {1, 2}, List.of(new byte[] {1, 2}), List.of(1.0), List.of()));
    }

    @Test
    void wideValuesAreCountedButNotSampled() {
        ColumnStatsCollector c = new ColumnStatsCollector("w", ColumnType.TEXT);
        String wide = "x".repeat(5000);
        for (int i = 0; i < 100; i++) {
            c.add(i < 10 ? wide + i : "v" + (i % 3));
        }
        ColumnStatistics s = c.statistics();
        assertThat(s.max()).isEqualTo("v2");
        assertThat(s.mostCommonValues()).doesNotContain(wide + 0);
        assertThat(s.distinct()).isEqualTo(13.0);
        assertThat(s.mostCommonTotal()).isCloseTo(0.9, within(1e-9));
        assertThat(s.averageWidth()).isGreaterThan(500);
    }

    @Test
    void deterministicForEqualInput() {
        long[] data = StatsTestData.zipf(50_000, 5000, 0.8, 4);
        assertThat(StatsTestData.collect(data, CONFIG.withSampleSize(2000)))
                .isEqualTo(StatsTestData.collect(data, CONFIG.withSampleSize(2000)));
    }

    @Test
    void rejectsValuesOfTheWrongClass() {
        ColumnStatsCollector c = new ColumnStatsCollector("i", ColumnType.BIGINT);
        assertThatThrownBy(() -> c.add(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BIGINT value must be a Long, got Integer");
        assertThat(c.count()).isZero();
    }

    @Test
    void tableCollector() {
        TableStatsCollector t = new TableStatsCollector("orders",
                List.of("id", "status", "note"), List.of(ColumnType.BIGINT, ColumnType.VARCHAR, ColumnType.TEXT));
        for (long i = 0; i < 10_000; i++) {
            t.addRow(new Object[] {i, i % 100 == 0 ? "open" : "done", i % 2 == 0 ? null : "n" + i});
        }
        assertThatThrownBy(() -> t.addRow(new Object[] {1L, 2L, null})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.addRow(new Object[] {1L})).isInstanceOf(IllegalArgumentException.class);
        TableStatistics s = t.statistics(Instant.EPOCH);
        assertThat(s.rowCount()).isEqualTo(10_000);
        assertThat(s.modifiedSinceAnalyze()).isZero();
        assertThat(s.column("id").distinct()).isEqualTo(10_000.0);
        assertThat(s.column("status").mostCommonValues()).containsExactly("done", "open");
        assertThat(s.column("note").nullFraction()).isEqualTo(0.5);
        assertThat(s.column("missing")).isNull();
        assertThat(s.withModifiedSinceAnalyze(42).modifiedSinceAnalyze()).isEqualTo(42);
    }
}
