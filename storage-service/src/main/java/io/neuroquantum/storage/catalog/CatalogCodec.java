package io.neuroquantum.storage.catalog;

import io.neuroquantum.storage.row.ByteSink;
import io.neuroquantum.storage.row.ByteSource;
import io.neuroquantum.storage.row.RowCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A table schema as the bytes of its catalog entry (see {@code docs/formats/catalog.md}):
 *
 * <pre>
 * | u8 format = 1 | i64 id | str name | u16 version | u8 flags (1: hidden row id) | str tree |
 * | u16 column count | per column: str name, u8 type ordinal, varint length, u8 nullable,
 * |                    varint default length + default as a one-value row (0: no default) |
 * | u16 key column count | u16 position ... |
 * | u16 index count | per index: str name, u8 unique, str tree, u16 n, u16 position ... |
 * str = varint byte length + UTF-8
 * </pre>
 */
public final class CatalogCodec {

    private static final int FORMAT = 1;

    private CatalogCodec() {
    }

    public static byte[] encode(TableSchema t) {
        ByteSink out = new ByteSink(128);
        out.u8(FORMAT);
        out.i64(t.id());
        str(out, t.name());
        out.u16(t.version());
        out.u8(t.hiddenRowId() ? 1 : 0);
        str(out, t.tree());
        out.u16(t.columns().size());
        for (Column c : t.columns()) {
            str(out, c.name());
            out.u8(c.type().ordinal());
            out.varint(c.length());
            out.u8(c.nullable() ? 1 : 0);
            if (c.defaultValue() == null) {
                out.varint(0);
            } else {
                out.bytes(new RowCodec(List.of(c.type()), 0).encode(new Object[] {c.defaultValue()}, new int[] {0}));
            }
        }
        positions(out, t.primaryKey());
        out.u16(t.indexes().size());
        for (IndexSchema i : t.indexes()) {
            str(out, i.name());
            out.u8(i.unique() ? 1 : 0);
            str(out, i.tree());
            positions(out, i.columns());
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException if the bytes are not a catalog entry */
    public static TableSchema decode(byte[] bytes) {
        ByteSource in = new ByteSource(bytes, 0);
        if (in.u8() != FORMAT) {
            throw new IllegalArgumentException("unknown catalog entry format");
        }
        long id = in.i64();
        String name = str(in);
        int version = in.u16();
        boolean hidden = in.u8() == 1;
        String tree = str(in);
        int n = in.u16();
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String cname = str(in);
            int ordinal = in.u8();
            if (ordinal >= ColumnType.values().length) {
                throw new IllegalArgumentException("unknown column type " + ordinal);
            }
            ColumnType type = ColumnType.values()[ordinal];
            int length = in.varint();
            boolean nullable = in.u8() == 1;
            byte[] def = in.bytes();
            Object defaultValue = null;
            if (def.length > 0) {
                Object[] v = new Object[1];
                new RowCodec(List.of(type), 0).decode(def, v, new int[] {0}, null);
                defaultValue = v[0];
            }
            columns.add(new Column(cname, type, length, nullable, defaultValue));
        }
        List<Integer> key = positions(in);
        int indexCount = in.u16();
        List<IndexSchema> indexes = new ArrayList<>();
        for (int i = 0; i < indexCount; i++) {
            String iname = str(in);
            boolean unique = in.u8() == 1;
            String itree = str(in);
            indexes.add(new IndexSchema(iname, positions(in), unique, itree));
        }
        return new TableSchema(id, name, version, columns, key, hidden, tree, indexes);
    }

    private static void str(ByteSink out, String s) {
        out.bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String str(ByteSource in) {
        return new String(in.bytes(), StandardCharsets.UTF_8);
    }

    private static void positions(ByteSink out, List<Integer> positions) {
        out.u16(positions.size());
        for (int p : positions) {
            out.u16(p);
        }
    }

    private static List<Integer> positions(ByteSource in) {
        int n = in.u16();
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(in.u16());
        }
        return list;
    }
}
