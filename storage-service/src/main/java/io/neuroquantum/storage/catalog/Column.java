package io.neuroquantum.storage.catalog;

import java.util.Objects;

/**
 * A column of a table.
 *
 * @param name         case-sensitive as given; unique within the table
 * @param type         its SQL type
 * @param length       VARCHAR(n): the maximum length in code points; 0 for every other type
 * @param nullable     whether NULL may be stored
 * @param defaultValue the value stored when an insert omits the column (already of the
 *                     type's Java class), or null for SQL NULL
 */
public record Column(String name, ColumnType type, int length, boolean nullable, Object defaultValue) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (length < 0 || (length > 0 && type != ColumnType.VARCHAR)) {
            throw new IllegalArgumentException("only VARCHAR has a length");
        }
    }

    /** How the type reads in SQL: {@code VARCHAR(20)}, {@code BIGINT}. */
    public String typeName() {
        return length > 0 ? type + "(" + length + ")" : type.name();
    }
}
