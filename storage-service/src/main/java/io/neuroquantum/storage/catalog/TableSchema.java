package io.neuroquantum.storage.catalog;

import io.neuroquantum.storage.keys.KeyColumn;
import io.neuroquantum.storage.keys.KeySchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table: a B+ tree clustered on the primary key (key: the primary-key columns' key
 * encoding; value: the other columns in the row format of {@code docs/formats/row.md}),
 * plus its secondary indexes.
 *
 * <p>A table declared without a primary key gets a hidden first column {@value #ROW_ID}
 * (BIGINT, assigned on insert) as its key; it is not returned by scans unless asked for.
 *
 * @param id         never reused; names the engine trees ({@code t<id>}, {@code t<id>.i<n>})
 * @param version    schema version stamped into every row
 * @param primaryKey positions of the primary-key columns, in key order
 */
public record TableSchema(long id, String name, int version, List<Column> columns, List<Integer> primaryKey,
        boolean hiddenRowId, String tree, List<IndexSchema> indexes) {

    public static final String ROW_ID = "_rowid";

    public TableSchema {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
    }

    /** The position of the column named {@code name}, or -1. */
    public int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public Optional<IndexSchema> index(String name) {
        return indexes.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The key schema of {@code positions} (all ascending). */
    public KeySchema keySchema(List<Integer> positions) {
        List<KeyColumn> key = new ArrayList<>();
        for (int p : positions) {
            key.add(KeyColumn.asc(columns.get(p).type().keyType()));
        }
        return new KeySchema(key);
    }

    public KeySchema primaryKeySchema() {
        return keySchema(primaryKey);
    }

    /** Whether column {@code position} is part of the primary key. */
    public boolean inPrimaryKey(int position) {
        return primaryKey.contains(position);
    }

    /** The columns a client sees: all but the hidden row id. */
    public List<Integer> visibleColumns() {
        List<Integer> visible = new ArrayList<>();
        for (int i = hiddenRowId ? 1 : 0; i < columns.size(); i++) {
            visible.add(i);
        }
        return visible;
    }

    public String primaryKeyConstraint() {
        return name + "_pkey";
    }

    public TableSchema withIndexes(List<IndexSchema> newIndexes) {
        return new TableSchema(id, name, version, columns, primaryKey, hiddenRowId, tree, newIndexes);
    }
}
