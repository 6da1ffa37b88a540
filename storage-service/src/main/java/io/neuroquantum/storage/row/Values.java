package io.neuroquantum.storage.row;

import io.neuroquantum.storage.catalog.Column;
import io.neuroquantum.storage.catalog.ColumnType;
import io.neuroquantum.storage.catalog.StorageProblems;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Converts values as they arrive from JSON (Integer, Long, BigInteger, Double, BigDecimal,
 * String, Boolean, null) to a column type's Java class, and back to JSON-friendly objects.
 * Conversions never lose information silently: an out-of-range number, a fraction for an
 * integer column, an over-long string or unpaired surrogate is a 400 naming the field.
 */
public final class Values {

    /** Largest DECIMAL precision accepted (digits); bounds the cost of hostile numbers. */
    public static final int MAX_DECIMAL_DIGITS = 1000;

    private Values() {
    }

    /** {@code raw} as a value of {@code column} (null stays null; NOT NULL is checked elsewhere). */
    public static Object coerce(Column column, Object raw, String field) {
        if (raw == null) {
            return null;
        }
        ColumnType type = column.type();
        try {
            return switch (type) {
                case BIGINT -> integral(raw, field, Long.MIN_VALUE, Long.MAX_VALUE).longValueExact();
                case INT -> integral(raw, field, Integer.MIN_VALUE, Integer.MAX_VALUE).intValueExact();
                case DOUBLE -> toDouble(raw, field);
                case DECIMAL -> decimal(raw, field);
                case VARCHAR, TEXT -> string(column, raw, field);
                case BOOLEAN -> {
                    if (raw instanceof Boolean b) {
                        yield b;
                    }
                    throw StorageProblems.invalid(field, "expected a boolean, got " + describe(raw));
                }
                case TIMESTAMP -> timestamp(raw, field);
                case BYTEA -> bytes(raw, field);
            };
        } catch (ArithmeticException e) {
            throw StorageProblems.invalid(field, "number out of range for " + column.typeName());
        }
    }

    private static String describe(Object raw) {
        return switch (raw) {
            case String s -> "a string";
            case Number n -> "a number";
            case Boolean b -> "a boolean";
            case java.util.Map<?, ?> m -> "an object";
            case java.util.List<?> l -> "an array";
            default -> raw.getClass().getSimpleName();
        };
    }

    private static BigDecimal number(Object raw, String field) {
        return switch (raw) {
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case BigInteger b -> new BigDecimal(b);
            case BigDecimal d -> d;
            case Double d when Double.isFinite(d) -> new BigDecimal(Double.toString(d));
            case Float f when Float.isFinite(f) -> new BigDecimal(Float.toString(f));
            case String s -> parseDecimal(s, field);
            default -> throw StorageProblems.invalid(field, "expected a number, got " + describe(raw));
        };
    }

    private static BigDecimal parseDecimal(String s, String field) {
        if (s.length() > MAX_DECIMAL_DIGITS + 10) {
            throw StorageProblems.invalid(field, "number has too many digits");
        }
        try {
            BigDecimal d = new BigDecimal(s.trim());
            checkDigits(d, field);
            return d;
        } catch (NumberFormatException e) {
            throw StorageProblems.invalid(field, "not a number: \"" + abbreviate(s) + "\"");
        }
    }

    private static void checkDigits(BigDecimal d, String field) {
        if (d.precision() > MAX_DECIMAL_DIGITS || Math.abs((long) d.scale()) > MAX_DECIMAL_DIGITS) {
            throw StorageProblems.invalid(field, "number has more than " + MAX_DECIMAL_DIGITS + " digits");
        }
    }

    private static BigInteger integral(Object raw, String field, long min, long max) {
        if (raw instanceof Integer i) {
            return BigInteger.valueOf(i);
        }
        if (raw instanceof Long l) {
            return BigInteger.valueOf(l);
        }
        if (raw instanceof String s && s.length() <= 19 && !s.isEmpty()) {
            try {
                return BigInteger.valueOf(Long.parseLong(s)); // the common case of a key in a URL path
            } catch (NumberFormatException notAPlainLong) {
                // fall through: fractions, exponents, spaces, or out of range
            }
        }
        BigDecimal d = number(raw, field);
        checkDigits(d, field);
        BigInteger v;
        try {
            v = d.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw StorageProblems.invalid(field, "expected an integer, got " + abbreviate(d.toString()));
        }
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new ArithmeticException();
        }
        return v;
    }

    private static Double toDouble(Object raw, String field) {
        if (raw instanceof Double d) {
            return d;
        }
        if (raw instanceof String s) {
            switch (s) {
                case "NaN" -> {
                    return Double.NaN;
                }
                case "Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                }
            }
        }
        BigDecimal exact = number(raw, field);
        double d = exact.doubleValue();
        if (Double.isInfinite(d) || (d == 0.0 && exact.signum() != 0)) {
            throw StorageProblems.invalid(field, "number out of range for DOUBLE: " + abbreviate(exact.toString()));
        }
        return d;
    }

    private static BigDecimal decimal(Object raw, String field) {
        BigDecimal d = number(raw, field);
        checkDigits(d, field);
        return d;
    }

    private static String string(Column column, Object raw, String field) {
        if (!(raw instanceof String s)) {
            throw StorageProblems.invalid(field, "expected a string, got " + describe(raw));
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw StorageProblems.invalid(field, "string contains an unpaired surrogate at index " + i
                        + " (not valid Unicode)");
            }
        }
        if (column.length() > 0 && s.length() > column.length()
                && s.codePointCount(0, s.length()) > column.length()) {
            throw StorageProblems.invalid(field, "value too long for " + column.typeName() + " ("
                    + s.codePointCount(0, s.length()) + " characters)");
        }
        return s;
    }

    private static Instant timestamp(Object raw, String field) {
        if (!(raw instanceof String s)) {
            throw StorageProblems.invalid(field, "expected an ISO-8601 timestamp string, got " + describe(raw));
        }
        try {
            Instant t = s.length() > 10 && (s.endsWith("Z") || s.endsWith("z")) ? Instant.parse(s)
                    : OffsetDateTime.parse(s).toInstant();
            Instant truncated = t.truncatedTo(ChronoUnit.MICROS);
            micros(truncated); // ArithmeticException beyond ±292,000 years: out of range
            return truncated;
        } catch (DateTimeParseException e) {
            throw StorageProblems.invalid(field, "not an ISO-8601 timestamp with offset: \"" + abbreviate(s) + "\"");
        }
    }

    private static byte[] bytes(Object raw, String field) {
        if (!(raw instanceof String s)) {
            throw StorageProblems.invalid(field, "expected base64 text, got " + describe(raw));
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw StorageProblems.invalid(field, "not base64: " + e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** Microseconds since the epoch (TIMESTAMP precision). */
    public static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    public static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    /**
     * A value as JSON should show it: numbers stay numbers (DOUBLE NaN/±Infinity become
     * strings, as JSON has no such numbers), TIMESTAMP an ISO-8601 string, BYTEA base64.
     */
    public static Object toJson(Object v) {
        return switch (v) {
            case null -> null;
            case Instant t -> t.toString();
            case byte[] b -> Base64.getEncoder().encodeToString(b);
            case Double d when !Double.isFinite(d) -> d.toString();
            default -> v;
        };
    }
}
