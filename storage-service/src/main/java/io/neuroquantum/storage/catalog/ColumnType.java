package io.neuroquantum.storage.catalog;

import io.neuroquantum.storage.keys.KeyType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The SQL types a column can have, with the Java class its values have inside the
 * service (rows are {@code Object[]} of these classes; {@code null} is SQL NULL) and the
 * key type it is indexed with.
 *
 * <pre>
 * | type      | Java class  | notes                                                   |
 * |-----------|-------------|---------------------------------------------------------|
 * | BIGINT    | Long        |                                                         |
 * | INT       | Integer     |                                                         |
 * | DOUBLE    | Double      |                                                         |
 * | DECIMAL   | BigDecimal  | exact; precision/scale are not enforced                 |
 * | VARCHAR   | String      | VARCHAR(n): at most n code points                       |
 * | TEXT      | String      | unbounded (up to the row size limit)                    |
 * | BOOLEAN   | Boolean     |                                                         |
 * | TIMESTAMP | Instant     | microsecond precision, UTC                              |
 * | BYTEA     | byte[]      | JSON: base64                                            |
 * </pre>
 */
public enum ColumnType {
    BIGINT(KeyType.BIGINT, Long.class),
    INT(KeyType.INT, Integer.class),
    DOUBLE(KeyType.DOUBLE, Double.class),
    DECIMAL(KeyType.DECIMAL, BigDecimal.class),
    VARCHAR(KeyType.VARCHAR, String.class),
    TEXT(KeyType.VARCHAR, String.class),
    BOOLEAN(KeyType.BOOLEAN, Boolean.class),
    TIMESTAMP(KeyType.TIMESTAMP, Instant.class),
    BYTEA(KeyType.BYTEA, byte[].class);

    private final KeyType keyType;
    private final Class<?> javaType;

    ColumnType(KeyType keyType, Class<?> javaType) {
        this.keyType = keyType;
        this.javaType = javaType;
    }

    public KeyType keyType() {
        return keyType;
    }

    public Class<?> javaType() {
        return javaType;
    }

    /** The type named {@code name} (case-insensitive), or null. */
    public static ColumnType parse(String name) {
        for (ColumnType t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * SQL comparison of two non-null values of this type (the order the key encoding
     * preserves): numbers numerically, strings by code point, BYTEA unsigned, false before true.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public int compare(Object a, Object b) {
        return switch (this) {
            case BYTEA -> Arrays.compareUnsigned((byte[]) a, (byte[]) b);
            case VARCHAR, TEXT -> CODE_POINT_ORDER.compare((String) a, (String) b);
            case DOUBLE -> Double.compare(canonical((Double) a), canonical((Double) b));
            default -> ((Comparable) a).compareTo(b);
        };
    }

    private static double canonical(double d) {
        return d == 0.0 ? 0.0 : d; // -0.0 equals 0.0, as in the key encoding
    }

    /** Orders strings by Unicode code point (String.compareTo orders by UTF-16 unit). */
    public static final Comparator<String> CODE_POINT_ORDER = (x, y) -> {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int a = x.codePointAt(i);
            int b = y.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    };
}
