package io.neuroquantum.storage.table;

import java.util.List;

/** A CREATE INDEX request; {@code unique} absent means a non-unique index. */
public record IndexDefinition(String name, List<String> columns, Boolean unique) {

    public boolean isUnique() {
        return Boolean.TRUE.equals(unique);
    }
}
