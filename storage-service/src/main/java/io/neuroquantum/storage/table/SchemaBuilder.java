package io.neuroquantum.storage.table;

import io.neuroquantum.storage.catalog.Column;
import io.neuroquantum.storage.catalog.ColumnType;
import io.neuroquantum.storage.catalog.IndexSchema;
import io.neuroquantum.storage.catalog.StorageProblems;
import io.neuroquantum.storage.catalog.TableSchema;
import io.neuroquantum.storage.row.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validates client definitions and turns them into schemas; every mistake is a 400 naming the member. */
final class SchemaBuilder {

    static final int MAX_NAME_LENGTH = 63;
    static final int MAX_COLUMNS = 1000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final Pattern TYPE = Pattern.compile("\\s*([A-Za-z]+)\\s*(?:\\(\\s*(\\d{1,9})\\s*\\))?\\s*");

    private SchemaBuilder() {
    }

    static void checkName(String name, String field) {
        if (name == null) {
            throw StorageProblems.invalid(field, "missing");
        }
        if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw StorageProblems.invalid(field, "\"" + (name.length() > 80 ? name.substring(0, 80) + "…" : name)
                    + "\" is not a valid name (letters, digits, _ and $, not starting with a digit, at most "
                    + MAX_NAME_LENGTH + " characters)");
        }
        if (name.startsWith("sys_") || name.equals(TableSchema.ROW_ID)) {
            throw StorageProblems.invalid(field, "\"" + name + "\" is reserved");
        }
    }

    static TableSchema table(TableDefinition def, long id, String tree) {
        checkName(def.name(), "name");
        if (def.columns() == null || def.columns().isEmpty()) {
            throw StorageProblems.invalid("columns", "a table needs at least one column");
        }
        if (def.columns().size() > MAX_COLUMNS) {
            throw StorageProblems.invalid("columns", "at most " + MAX_COLUMNS + " columns");
        }
        List<String> keyNames = def.primaryKey() == null ? List.of() : def.primaryKey();
        boolean hidden = keyNames.isEmpty();
        List<Column> columns = new ArrayList<>();
        if (hidden) {
            columns.add(new Column(TableSchema.ROW_ID, ColumnType.BIGINT, 0, false, null));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < def.columns().size(); i++) {
            ColumnDefinition c = def.columns().get(i);
            String field = "columns[" + i + "]";
            if (c == null) {
                throw StorageProblems.invalid(field, "missing");
            }
            checkName(c.name(), field + ".name");
            if (!seen.add(c.name())) {
                throw StorageProblems.invalid(field + ".name", "duplicate column \"" + c.name() + "\"");
            }
            if (c.type() == null) {
                throw StorageProblems.invalid(field + ".type", "missing");
            }
            Matcher m = TYPE.matcher(c.type());
            ColumnType type = m.matches() ? ColumnType.parse(m.group(1)) : null;
            if (type == null) {
                throw StorageProblems.invalid(field + ".type", "unknown type \"" + abbreviate(c.type())
                        + "\" (BIGINT, INT, DOUBLE, DECIMAL, VARCHAR(n), TEXT, BOOLEAN, TIMESTAMP, BYTEA)");
            }
            int length = 0;
            if (m.group(2) != null) {
                if (type != ColumnType.VARCHAR && type != ColumnType.DECIMAL) {
                    throw StorageProblems.invalid(field + ".type", type + " takes no length");
                }
                if (type == ColumnType.VARCHAR) {
                    length = Integer.parseInt(m.group(2));
                    if (length < 1 || length > 10_485_760) {
                        throw StorageProblems.invalid(field + ".type", "VARCHAR length must be 1..10485760");
                    }
                }
            }
            boolean inKey = keyNames.contains(c.name());
            boolean nullable = !inKey && (c.nullable() == null || c.nullable());
            Column column = new Column(c.name(), type, length, nullable, null);
            Object def0 = Values.coerce(column, c.defaultValue(), field + ".default");
            columns.add(new Column(c.name(), type, length, nullable, def0));
        }
        List<Integer> key = new ArrayList<>();
        if (hidden) {
            key.add(0);
        } else {
            Set<String> keySeen = new HashSet<>();
            for (int i = 0; i < keyNames.size(); i++) {
                String k = keyNames.get(i);
                int p = indexOf(columns, k);
                if (p < 0) {
                    throw StorageProblems.invalid("primaryKey[" + i + "]", "no column \"" + k + "\"");
                }
                if (!keySeen.add(k)) {
                    throw StorageProblems.invalid("primaryKey[" + i + "]", "duplicate column \"" + k + "\"");
                }
                key.add(p);
            }
        }
        return new TableSchema(id, def.name(), 1, columns, key, hidden, tree, List.of());
    }

    static IndexSchema index(TableSchema table, IndexDefinition def, String tree) {
        checkName(def.name(), "name");
        if (table.index(def.name()).isPresent() || def.name().equals(table.primaryKeyConstraint())) {
            throw StorageProblems.exists("index", def.name());
        }
        if (def.columns() == null || def.columns().isEmpty() || def.columns().size() > 32) {
            throw StorageProblems.invalid("columns", "an index needs 1 to 32 columns");
        }
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < def.columns().size(); i++) {
            String name = def.columns().get(i);
            int p = name == null ? -1 : table.columnIndex(name);
            if (p < 0 || (table.hiddenRowId() && p == 0)) {
                throw StorageProblems.invalid("columns[" + i + "]", "table \"" + table.name() + "\" has no column \""
                        + name + "\"");
            }
            if (positions.contains(p)) {
                throw StorageProblems.invalid("columns[" + i + "]", "duplicate column \"" + name + "\"");
            }
            positions.add(p);
        }
        return new IndexSchema(def.name(), positions, def.isUnique(), tree);
    }

    private static int indexOf(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
