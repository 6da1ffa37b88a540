package io.neuroquantum.storage.table;

import java.util.List;

/**
 * A range scan over a table's primary key or one of its indexes.
 *
 * @param index      null or the primary-key constraint name: the table itself; else an index name
 * @param lower      values for a prefix of the index columns (empty: from the start)
 * @param upper      likewise for the end
 * @param filter     the pushed-down predicate, as JSON (see {@link PredicateParser}), or null
 * @param columns    the columns to return, in order (null: every visible column)
 * @param limit      at most this many rows (0: no limit)
 */
public record ScanSpec(String table, String index, List<Object> lower, boolean lowerInclusive, List<Object> upper,
        boolean upperInclusive, Object filter, List<String> columns, boolean descending, long limit) {

    public static ScanSpec all(String table) {
        return new ScanSpec(table, null, List.of(), true, List.of(), true, null, null, false, 0);
    }
}
