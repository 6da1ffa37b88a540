/**
 * Planner statistics, in the spirit of PostgreSQL's {@code pg_stats}: per table a row count and,
 * per column, the NULL fraction, an estimate of the number of distinct values, min/max, the
 * average width, the most common values with their frequencies and an equi-depth histogram.
 *
 * <ul>
 *   <li>{@link io.neuroquantum.storage.stats.ColumnStatsCollector} / {@link
 *       io.neuroquantum.storage.stats.TableStatsCollector} see every value once (ANALYZE) and keep
 *       exact counts, a {@link io.neuroquantum.storage.stats.HyperLogLog} sketch and a reservoir
 *       sample, from which {@link io.neuroquantum.storage.stats.ColumnStatistics} is derived.
 *   <li>{@link io.neuroquantum.storage.stats.TableStatistics} / {@code ColumnStatistics} are plain
 *       records (JSON-friendly) sent to the cost-based planner.
 *   <li>{@link io.neuroquantum.storage.stats.Selectivity} turns them into predicate selectivities.
 *   <li>{@link io.neuroquantum.storage.stats.StatisticsCodec} persists them (docs/formats/statistics.md).
 * </ul>
 *
 * <p>Values are the Java objects of {@link io.neuroquantum.storage.catalog.ColumnType}; {@code
 * null} is SQL NULL. Plain Java: no Spring.
 */
package io.neuroquantum.storage.stats;
