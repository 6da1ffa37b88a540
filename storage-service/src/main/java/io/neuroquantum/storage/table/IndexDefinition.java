package io.neuroquantum.storage.table;

import java.util.List;

/** A CREATE INDEX request. */
public record IndexDefinition(String name, List<String> columns, boolean unique) {
}
