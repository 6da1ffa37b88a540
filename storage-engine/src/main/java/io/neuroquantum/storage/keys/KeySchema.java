package io.neuroquantum.storage.keys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The columns of a key, and the encoding of whole keys: components in column order, each
 * self-delimiting (layouts in {@link KeyType}), nothing before, between or after them.
 *
 * <pre>
 * | column 0 component | column 1 component | ... | column n-1 component |
 * </pre>
 *
 * <p>For keys {@code a} and {@code b} of one schema,
 * {@code Arrays.compareUnsigned(encode(a), encode(b))} has the sign of their SQL comparison
 * (column by column, each in its direction, NULL last under ASC and first under DESC). A
 * prefix key ({@link #encodePrefix}) is a byte prefix of, and sorts before, every key that
 * extends it. Immutable and thread-safe.
 */
public final class KeySchema {

    private final List<KeyColumn> columns;

    public KeySchema(List<KeyColumn> columns) {
        this.columns = List.copyOf(columns);
        if (this.columns.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one column");
        }
    }

    public static KeySchema of(KeyColumn... columns) {
        return new KeySchema(Arrays.asList(columns));
    }

    public List<KeyColumn> columns() {
        return columns;
    }

    public int size() {
        return columns.size();
    }

    /** Encodes one value per column; {@code null} is SQL NULL. */
    public byte[] encode(Object... values) {
        return encode(Arrays.asList(requireValues(values)));
    }

    public byte[] encode(List<?> values) {
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " key values, got "
                    + values.size());
        }
        return encodePrefix(values);
    }

    /** Encodes values for the first {@code values.length} columns (0 to all of them). */
    public byte[] encodePrefix(Object... values) {
        return encodePrefix(Arrays.asList(requireValues(values)));
    }

    public byte[] encodePrefix(List<?> values) {
        if (values.size() > columns.size()) {
            throw new IllegalArgumentException("expected at most " + columns.size()
                    + " key values, got " + values.size());
        }
        KeyWriter w = new KeyWriter(16 * values.size());
        for (int i = 0; i < values.size(); i++) {
            w.write(columns.get(i), values.get(i));
        }
        return w.toByteArray();
    }

    /** Decodes a full key: one value per column ({@code null} for NULL), in column order. */
    public List<Object> decode(byte[] key) {
        KeyReader r = new KeyReader(key);
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.read(columns.get(i));
        }
        r.requireEnd();
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    /** Decodes a key of 0 to {@link #size()} components, as written by {@link #encodePrefix}. */
    public List<Object> decodePrefix(byte[] key) {
        KeyReader r = new KeyReader(key);
        List<Object> values = new ArrayList<>();
        while (r.hasRemaining() && values.size() < columns.size()) {
            values.add(r.read(columns.get(values.size())));
        }
        r.requireEnd();
        return Collections.unmodifiableList(values);
    }

    private static Object[] requireValues(Object[] values) {
        return Objects.requireNonNull(values,
                "values array is null; pass (Object) null for a single NULL value");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeySchema other && columns.equals(other.columns);
    }

    @Override
    public int hashCode() {
        return columns.hashCode();
    }

    @Override
    public String toString() {
        return "KeySchema" + columns;
    }
}
