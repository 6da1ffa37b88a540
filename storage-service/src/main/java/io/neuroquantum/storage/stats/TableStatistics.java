package io.neuroquantum.storage.stats;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Planner statistics of one table: what ANALYZE saw, plus how stale it has become.
 *
 * <p>Invariants (checked, {@link IllegalArgumentException} otherwise): {@code table} and
 * {@code analyzedAt} non-null; {@code rowCount >= 0} (rows at ANALYZE time); {@code
 * modifiedSinceAnalyze >= 0} (rows inserted, updated or deleted since, maintained by the
 * service; a planner may scale {@code rowCount} or re-ANALYZE when it grows large); {@code
 * columns} non-null, without null entries or two columns of the same name (compared exactly), in
 * table column order. The list is unmodifiable.
 */
public record TableStatistics(
        String table, long rowCount, Instant analyzedAt, List<ColumnStatistics> columns, long modifiedSinceAnalyze) {

    public TableStatistics {
        if (table == null) {
            throw new IllegalArgumentException("table name is null");
        }
        if (rowCount < 0) {
            throw new IllegalArgumentException("table " + table + ": rowCount " + rowCount + " < 0");
        }
        if (analyzedAt == null) {
            throw new IllegalArgumentException("table " + table + ": analyzedAt is null");
        }
        if (modifiedSinceAnalyze < 0) {
            throw new IllegalArgumentException("table " + table + ": modifiedSinceAnalyze " + modifiedSinceAnalyze + " < 0");
        }
        if (columns == null) {
            throw new IllegalArgumentException("table " + table + ": columns is null");
        }
        Set<String> names = new HashSet<>();
        for (ColumnStatistics c : columns) {
            if (c == null) {
                throw new IllegalArgumentException("table " + table + ": null column statistics");
            }
            if (!names.add(c.column())) {
                throw new IllegalArgumentException("table " + table + ": column " + c.column() + " appears twice");
            }
        }
        columns = List.copyOf(columns);
    }

    /** The statistics of the column named {@code name} (exact match), or null. */
    public ColumnStatistics column(String name) {
        for (ColumnStatistics c : columns) {
            if (c.column().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** A copy with {@code modifiedSinceAnalyze} replaced. */
    public TableStatistics withModifiedSinceAnalyze(long modified) {
        return new TableStatistics(table, rowCount, analyzedAt, columns, modified);
    }
}
