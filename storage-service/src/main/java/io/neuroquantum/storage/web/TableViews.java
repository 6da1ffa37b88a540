package io.neuroquantum.storage.web;

import io.neuroquantum.storage.catalog.Column;
import io.neuroquantum.storage.catalog.IndexSchema;
import io.neuroquantum.storage.catalog.TableSchema;
import io.neuroquantum.storage.row.Values;
import java.util.ArrayList;
import java.util.List;

/** JSON shapes of schemas. */
final class TableViews {

    private TableViews() {
    }

    record ColumnView(String name, String type, boolean nullable, Object defaultValue) {
    }

    record IndexView(String name, List<String> columns, boolean unique) {
    }

    record TableView(String name, List<ColumnView> columns, List<String> primaryKey, List<IndexView> indexes,
            int version) {
    }

    static TableView of(TableSchema t) {
        List<ColumnView> columns = new ArrayList<>();
        for (int p : t.visibleColumns()) {
            Column c = t.columns().get(p);
            columns.add(new ColumnView(c.name(), c.typeName(), c.nullable(), Values.toJson(c.defaultValue())));
        }
        List<String> key = t.hiddenRowId() ? List.of() : t.primaryKey().stream()
                .map(p -> t.columns().get(p).name()).toList();
        List<IndexView> indexes = new ArrayList<>();
        for (IndexSchema i : t.indexes()) {
            indexes.add(new IndexView(i.name(), i.columns().stream().map(p -> t.columns().get(p).name()).toList(),
                    i.unique()));
        }
        return new TableView(t.name(), columns, key, indexes, t.version());
    }

    /** A row's values as JSON shows them. */
    static List<Object> row(Object[] values) {
        List<Object> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(Values.toJson(v));
        }
        return out;
    }
}
