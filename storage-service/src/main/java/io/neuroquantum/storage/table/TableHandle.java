package io.neuroquantum.storage.table;

import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.catalog.ColumnType;
import io.neuroquantum.storage.catalog.IndexSchema;
import io.neuroquantum.storage.catalog.StorageProblems;
import io.neuroquantum.storage.catalog.TableSchema;
import io.neuroquantum.storage.keys.KeySchema;
import io.neuroquantum.storage.row.RowCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table schema with what reading and writing its rows needs: its trees, key schemas and
 * row codec. Immutable; shared by every transaction that sees this schema version.
 */
final class TableHandle {

    /** Largest encoded row accepted: its undo must fit one log record (see the engine's MAX_UNDO_BYTES). */
    static final int MAX_ROW_BYTES = 240 * 1024;

    final TableSchema schema;
    final byte[] catalogBytes;
    final KvTree tree;
    final KeySchema primaryKey;
    final int[] keyPositions;
    /** Positions of the non-key columns, stored in the row value in this order. */
    final int[] valuePositions;
    final RowCodec valueCodec;
    final List<Index> indexes;

    /** A secondary index: its tree, the index columns' key schema and that schema followed by the primary key's. */
    record Index(IndexSchema schema, KvTree tree, KeySchema columns, KeySchema withPrimaryKey, int[] positions) {
    }

    TableHandle(TableSchema schema, byte[] catalogBytes, KvTree tree, List<KvTree> indexTrees) {
        this.schema = schema;
        this.catalogBytes = catalogBytes;
        this.tree = tree;
        this.primaryKey = schema.primaryKeySchema();
        this.keyPositions = schema.primaryKey().stream().mapToInt(Integer::intValue).toArray();
        List<Integer> value = new ArrayList<>();
        List<ColumnType> types = new ArrayList<>();
        for (int i = 0; i < schema.columns().size(); i++) {
            if (!schema.inPrimaryKey(i)) {
                value.add(i);
                types.add(schema.columns().get(i).type());
            }
        }
        this.valuePositions = value.stream().mapToInt(Integer::intValue).toArray();
        this.valueCodec = new RowCodec(types, schema.version());
        List<Index> idx = new ArrayList<>();
        for (int i = 0; i < schema.indexes().size(); i++) {
            IndexSchema s = schema.indexes().get(i);
            List<Integer> combined = new ArrayList<>(s.columns());
            combined.addAll(schema.primaryKey());
            idx.add(new Index(s, indexTrees.get(i), schema.keySchema(s.columns()), schema.keySchema(combined),
                    s.columns().stream().mapToInt(Integer::intValue).toArray()));
        }
        this.indexes = List.copyOf(idx);
    }

    String name() {
        return schema.name();
    }

    Index index(String name) {
        for (Index i : indexes) {
            if (i.schema().name().equals(name)) {
                return i;
            }
        }
        throw StorageProblems.noSuchIndex(schema.name(), name);
    }

    /** The primary key of {@code row}; NULL in a key column violates the primary key. */
    byte[] key(Object[] row) {
        Object[] values = new Object[keyPositions.length];
        for (int i = 0; i < keyPositions.length; i++) {
            values[i] = row[keyPositions[i]];
            if (values[i] == null) {
                throw StorageProblems.constraint(schema.primaryKeyConstraint(), "null value in column \""
                        + schema.columns().get(keyPositions[i]).name() + "\" of the primary key of \"" + name() + "\"");
            }
        }
        byte[] key = primaryKey.encode(values);
        if (key.length > tree.maxKeyLength()) {
            throw StorageProblems.invalid("key", "primary key of " + key.length + " bytes exceeds the limit of "
                    + tree.maxKeyLength());
        }
        return key;
    }

    byte[] value(Object[] row) {
        byte[] value = valueCodec.encode(row, valuePositions);
        if (value.length > MAX_ROW_BYTES) {
            throw StorageProblems.tooLarge("row of " + value.length + " bytes exceeds the limit of " + MAX_ROW_BYTES);
        }
        return value;
    }

    /** Decodes a stored row: every column, or only those {@code wanted} (by table position; null: all). */
    Object[] decode(byte[] key, byte[] value, boolean[] wanted) {
        Object[] row = new Object[schema.columns().size()];
        List<Object> k = primaryKey.decode(key);
        for (int i = 0; i < keyPositions.length; i++) {
            row[keyPositions[i]] = k.get(i);
        }
        boolean[] valueWanted = null;
        if (wanted != null) {
            valueWanted = new boolean[valuePositions.length];
            for (int i = 0; i < valuePositions.length; i++) {
                valueWanted[i] = wanted[valuePositions[i]];
            }
        }
        valueCodec.decode(value, row, valuePositions, valueWanted);
        return row;
    }

    /** The index key of {@code row} (without the primary key), and whether any index column is NULL. */
    static byte[] indexKey(Index index, Object[] row) {
        Object[] values = new Object[index.positions().length];
        for (int i = 0; i < values.length; i++) {
            values[i] = row[index.positions()[i]];
        }
        return index.columns().encode(values);
    }

    static boolean hasNull(Index index, Object[] row) {
        for (int p : index.positions()) {
            if (row[p] == null) {
                return true;
            }
        }
        return false;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Whether the index columns of two rows encode equally (so an update need not touch the index). */
    static boolean sameIndexValues(Index index, Object[] a, Object[] b) {
        return Arrays.equals(indexKey(index, a), indexKey(index, b));
    }
}
