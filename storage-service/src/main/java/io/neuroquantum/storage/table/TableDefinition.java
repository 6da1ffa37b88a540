package io.neuroquantum.storage.table;

import java.util.List;

/** A CREATE TABLE request: columns, the primary key (empty: a hidden row id) and indexes to create with it. */
public record TableDefinition(String name, List<ColumnDefinition> columns, List<String> primaryKey,
        List<IndexDefinition> indexes) {
}
