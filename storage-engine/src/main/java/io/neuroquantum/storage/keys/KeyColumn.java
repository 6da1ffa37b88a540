package io.neuroquantum.storage.keys;

import java.util.Objects;

/** One component of a key: its SQL type and its direction. */
public record KeyColumn(KeyType type, SortOrder order) {

    public KeyColumn {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(order, "order");
    }

    public static KeyColumn asc(KeyType type) {
        return new KeyColumn(type, SortOrder.ASC);
    }

    public static KeyColumn desc(KeyType type) {
        return new KeyColumn(type, SortOrder.DESC);
    }

    @Override
    public String toString() {
        return type + " " + order;
    }
}
