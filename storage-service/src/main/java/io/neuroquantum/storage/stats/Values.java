package io.neuroquantum.storage.stats;

import io.neuroquantum.storage.catalog.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Per-type helpers on non-null column values: type check, canonical form, width, numeric
 * position for interpolation, and content equality/hash (byte arrays by content).
 */
final class Values {

    private Values() {
    }

    /** @throws IllegalArgumentException unless {@code value} is a non-null instance of the type's Java class */
    static void check(ColumnType type, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("expected a non-null " + type + " value");
        }
        if (!type.javaType().isInstance(value)) {
            throw new IllegalArgumentException(type + " value must be a " + type.javaType().getSimpleName()
                    + ", got " + value.getClass().getSimpleName());
        }
    }

    static double canonicalDouble(double d) {
        return d == 0.0 ? 0.0 : Double.isNaN(d) ? Double.NaN : d;
    }

    /**
     * The canonical representative of a checked value: {@code -0.0 -> 0.0}, NaN -> {@code
     * Double.NaN}, decimals without trailing zeros; other values unchanged (not copied).
     */
    static Object canonical(ColumnType type, Object value) {
        return switch (type) {
            case DOUBLE -> {
                double d = (Double) value;
                double c = canonicalDouble(d);
                yield Double.doubleToRawLongBits(c) == Double.doubleToRawLongBits(d) ? value : (Object) c;
            }
            case DECIMAL -> ((BigDecimal) value).stripTrailingZeros();
            default -> value;
        };
    }

    /**
     * Stored width in bytes: BIGINT/DOUBLE/TIMESTAMP 8, INT 4, BOOLEAN 1, VARCHAR/TEXT UTF-8 length,
     * BYTEA length, DECIMAL unscaled two's-complement length + 1 (scale).
     */
    static int width(ColumnType type, Object value) {
        return switch (type) {
            case BIGINT, DOUBLE, TIMESTAMP -> 8;
            case INT -> 4;
            case BOOLEAN -> 1;
            case VARCHAR, TEXT -> utf8Length((String) value);
            case BYTEA -> ((byte[]) value).length;
            case DECIMAL -> ((BigDecimal) value).unscaledValue().bitLength() / 8 + 2;
        };
    }

    static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // 4 bytes for 2 chars
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /** True if {@link #position} gives a meaningful linear scale for the type. */
    static boolean interpolable(ColumnType type) {
        return switch (type) {
            case BIGINT, INT, DOUBLE, DECIMAL, TIMESTAMP -> true;
            default -> false;
        };
    }

    /**
     * Position of the value on the type's numeric scale (timestamps in microseconds since the
     * epoch), or NaN for non-interpolable types. May be infinite for doubles and huge decimals.
     */
    static double position(ColumnType type, Object value) {
        return switch (type) {
            case BIGINT -> (Long) value;
            case INT -> (Integer) value;
            case DOUBLE -> (Double) value;
            case DECIMAL -> ((BigDecimal) value).doubleValue();
            case TIMESTAMP -> {
                Instant t = (Instant) value;
                yield t.getEpochSecond() * 1e6 + t.getNano() / 1e3;
            }
            default -> Double.NaN;
        };
    }

    /** Equality that compares byte arrays by content and lists element-wise (recursively). */
    static boolean deepEquals(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return java.util.Objects.equals(a, b);
    }

    /** Hash consistent with {@link #deepEquals}. */
    static int deepHash(Object a) {
        if (a instanceof byte[] x) {
            return Arrays.hashCode(x);
        }
        if (a instanceof List<?> x) {
            int h = 1;
            for (Object e : x) {
                h = 31 * h + deepHash(e);
            }
            return h;
        }
        return java.util.Objects.hashCode(a);
    }
}
