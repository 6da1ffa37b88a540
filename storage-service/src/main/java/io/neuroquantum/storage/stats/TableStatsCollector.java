package io.neuroquantum.storage.stats;

import io.neuroquantum.storage.catalog.ColumnType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@link ColumnStatsCollector} per column over a stream of rows (ANALYZE of one table).
 *
 * <p>Invariant: every column collector has seen exactly {@link #rowCount()} values. All columns
 * share the config (and so the seed).
 */
public final class TableStatsCollector {

    private final String table;
    private final List<ColumnStatsCollector> columns;
    private long rows;

    public TableStatsCollector(String table, List<String> columnNames, List<ColumnType> columnTypes) {
        this(table, columnNames, columnTypes, CollectorConfig.DEFAULT);
    }

    public TableStatsCollector(String table, List<String> columnNames, List<ColumnType> columnTypes,
            CollectorConfig config) {
        if (table == null || columnNames == null || columnTypes == null) {
            throw new IllegalArgumentException("table, column names and column types are required");
        }
        if (columnNames.size() != columnTypes.size()) {
            throw new IllegalArgumentException(columnNames.size() + " column names but " + columnTypes.size() + " types");
        }
        this.table = table;
        this.columns = new ArrayList<>(columnNames.size());
        for (int i = 0; i < columnNames.size(); i++) {
            columns.add(new ColumnStatsCollector(columnNames.get(i), columnTypes.get(i), config));
        }
    }

    /**
     * Adds one row: {@code row[i]} is the value of column {@code i} (null = SQL NULL).
     *
     * @throws IllegalArgumentException if the row has the wrong arity or a value the wrong type
     *     (nothing of the row is counted then)
     */
    public void addRow(Object[] row) {
        if (row == null) {
            throw new IllegalArgumentException("row is null");
        }
        if (row.length != columns.size()) {
            throw new IllegalArgumentException("row has " + row.length + " values, table " + table
                    + " has " + columns.size() + " columns");
        }
        for (int i = 0; i < row.length; i++) {
            if (row[i] != null) {
                Values.check(columns.get(i).type(), row[i]);
            }
        }
        for (int i = 0; i < row.length; i++) {
            columns.get(i).add(row[i]);
        }
        rows++;
    }

    public long rowCount() {
        return rows;
    }

    /** The statistics so far, stamped {@code analyzedAt}, with {@code modifiedSinceAnalyze = 0}. */
    public TableStatistics statistics(Instant analyzedAt) {
        List<ColumnStatistics> stats = new ArrayList<>(columns.size());
        for (ColumnStatsCollector c : columns) {
            stats.add(c.statistics());
        }
        return new TableStatistics(table, rows, analyzedAt, stats, 0);
    }
}
