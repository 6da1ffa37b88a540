package io.neuroquantum.storage.catalog;

import java.util.List;

/**
 * A secondary index: a B+ tree whose keys are the index columns' key encoding followed by
 * the primary key's (so every entry is unique even when the index is not); values are
 * empty. A unique index additionally refuses two rows with equal, non-null index columns.
 *
 * @param name    unique among the table's indexes
 * @param columns positions of the indexed columns in the table, in index order
 * @param tree    name of its engine tree
 */
public record IndexSchema(String name, List<Integer> columns, boolean unique, String tree) {

    public IndexSchema {
        columns = List.copyOf(columns);
    }
}
