package io.neuroquantum.storage.web;

import io.neuroquantum.storage.catalog.ColumnType;
import io.neuroquantum.storage.catalog.StorageProblems;
import io.neuroquantum.storage.catalog.TableSchema;

/** A primary key written in a URL path: one column, its value as text. */
final class KeyText {

    private KeyText() {
    }

    static Object parse(TableSchema t, String text) {
        if (t.primaryKey().size() != 1) {
            throw StorageProblems.badRequest("table \"" + t.name() + "\" has a " + t.primaryKey().size()
                    + "-column key: use POST /api/v1/tables/" + t.name() + "/get");
        }
        ColumnType type = t.columns().get(t.primaryKey().getFirst()).type();
        return switch (type) {
            case BOOLEAN -> switch (text) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw StorageProblems.invalid("key", "expected true or false");
            };
            case VARCHAR, TEXT, TIMESTAMP, BYTEA, BIGINT, INT, DECIMAL, DOUBLE -> text; // coerced from text
        };
    }
}
