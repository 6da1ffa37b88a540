package io.neuroquantum.storage.table;

/**
 * A column as a client declares it.
 *
 * @param type         a type name, optionally with a length: {@code BIGINT}, {@code VARCHAR(40)}
 * @param defaultValue raw JSON value (coerced to the type), or null
 */
public record ColumnDefinition(String name, String type, Boolean nullable, Object defaultValue) {
}
