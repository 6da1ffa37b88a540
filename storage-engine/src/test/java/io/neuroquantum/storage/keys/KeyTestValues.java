package io.neuroquantum.storage.keys;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Test support: value generators per key type and a reference comparator written plainly from
 * the SQL rules, independent of the encoding.
 */
final class KeyTestValues {

    private KeyTestValues() {}

    // --- reference semantics ----------------------------------------------------------------

    /** SQL order of two non-null values of {@code type}. */
    static int compareValues(KeyType type, Object a, Object b) {
        return switch (type) {
            case BIGINT -> Long.compare((Long) a, (Long) b);
            case INT -> Integer.compare((Integer) a, (Integer) b);
            case DOUBLE -> compareDoubles((Double) a, (Double) b);
            case DECIMAL -> ((BigDecimal) a).compareTo((BigDecimal) b);
            case VARCHAR -> compareCodePoints((String) a, (String) b);
            case BYTEA -> compareBytes((byte[]) a, (byte[]) b);
            case BOOLEAN -> Boolean.compare((Boolean) a, (Boolean) b);
            case TIMESTAMP -> ((Instant) a).compareTo((Instant) b);
        };
    }

    /** PostgreSQL: -0.0 = 0.0, NaN = NaN, NaN above everything else. */
    static int compareDoubles(double a, double b) {
        boolean aNaN = Double.isNaN(a);
        boolean bNaN = Double.isNaN(b);
        if (aNaN || bNaN) {
            return aNaN && bNaN ? 0 : aNaN ? 1 : -1;
        }
        return a < b ? -1 : a > b ? 1 : 0;
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return ca < cb ? -1 : 1;
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    static int compareBytes(byte[] a, byte[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int x = a[i] & 0xFF;
            int y = b[i] & 0xFF;
            if (x != y) {
                return x < y ? -1 : 1;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    /** One column: NULL after every value for ASC; DESC reverses the whole order. */
    static int compareColumn(KeyColumn column, Object a, Object b) {
        int c;
        if (a == null || b == null) {
            c = a == null && b == null ? 0 : a == null ? 1 : -1;
        } else {
            c = compareValues(column.type(), a, b);
        }
        return column.order() == SortOrder.DESC ? -c : c;
    }

    /** Column by column; when one key is a prefix of the other, the shorter sorts first. */
    static int compareKeys(List<KeyColumn> columns, List<?> a, List<?> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareColumn(columns.get(i), a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Whether {@code actual} is what decoding {@code expected} must give back. */
    static boolean sameValue(KeyType type, Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (!type.javaType().isInstance(actual)) {
            return false;
        }
        return switch (type) {
            case DECIMAL -> ((BigDecimal) expected).compareTo((BigDecimal) actual) == 0;
            case DOUBLE -> {
                double e = (Double) expected;
                double normalised = e == 0.0 ? 0.0 : Double.isNaN(e) ? Double.NaN : e;
                yield Double.doubleToRawLongBits(normalised) == Double.doubleToRawLongBits((Double) actual);
            }
            case BYTEA -> Arrays.equals((byte[]) expected, (byte[]) actual);
            default -> expected.equals(actual);
        };
    }

    static boolean sameKey(List<KeyColumn> columns, List<?> expected, List<?> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!sameValue(columns.get(i).type(), expected.get(i), actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }

    static int sign(int c) {
        return Integer.signum(c);
    }

    // --- generators -------------------------------------------------------------------------

    /** Non-null values of {@code type}, biased towards ties, edges and escaping hazards. */
    static Arbitrary<Object> values(KeyType type) {
        Arbitrary<?> a = switch (type) {
            case BIGINT -> Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-3, 3));
            case INT -> Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.integers().between(-3, 3));
            case DOUBLE -> doubles();
            case DECIMAL -> decimals();
            case VARCHAR -> strings();
            case BYTEA -> byteArrays();
            case BOOLEAN -> Arbitraries.of(false, true);
            case TIMESTAMP -> timestamps();
        };
        return a.map(v -> (Object) v);
    }

    static Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().withStandardSpecialValues(),
                Arbitraries.longs().map(Double::longBitsToDouble), // every bit pattern, NaN payloads too
                Arbitraries.of(Double.NaN, Double.longBitsToDouble(0x7ff0000000000001L),
                        Double.longBitsToDouble(0xfff8000000000000L), -0.0, 0.0,
                        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE,
                        -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE, 1.0, -1.0),
                Arbitraries.integers().between(-3, 3).map(i -> i / 2.0));
    }

    static Arbitrary<BigDecimal> decimals() {
        Arbitrary<BigDecimal> small = Combinators.combine(
                        Arbitraries.integers().between(-1000, 1000), Arbitraries.integers().between(-3, 3))
                .as((u, s) -> BigDecimal.valueOf(u, s));
        Arbitrary<BigDecimal> wide = Combinators.combine(
                        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)),
                        Arbitraries.integers().between(-60, 60))
                .as(BigDecimal::new);
        Arbitrary<BigDecimal> extremeScale = Combinators.combine(
                        Arbitraries.integers().between(-99, 99),
                        Arbitraries.of(Integer.MAX_VALUE - 5, Integer.MAX_VALUE - 6, Integer.MIN_VALUE + 10,
                                Integer.MIN_VALUE + 11))
                .as((u, s) -> new BigDecimal(BigInteger.valueOf(u), s));
        Arbitrary<BigDecimal> base = Arbitraries.frequencyOf(
                Tuple.of(4, small), Tuple.of(4, wide), Tuple.of(1, extremeScale));
        // the same number with extra trailing zeros: 1.5 -> 1.500, 0 -> 0.00
        return Combinators.combine(base, Arbitraries.integers().between(0, 3))
                .as((v, zeros) -> v.scale() <= Integer.MAX_VALUE - zeros ? v.setScale(v.scale() + zeros) : v);
    }

    static Arbitrary<String> strings() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of((int) 'a', (int) 'b')),
                Tuple.of(2, Arbitraries.just(0)),
                Tuple.of(2, Arbitraries.of(1, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF,
                        0x10000, 0x10FFFF)),
                Tuple.of(2, Arbitraries.integers().between(0, 0x10FFFF)
                        .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)));
        return codePoint.list().ofMaxSize(6).map(cps -> {
            StringBuilder sb = new StringBuilder();
            cps.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    static Arbitrary<byte[]> byteArrays() {
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0xFF, (byte) 0xFE)),
                Tuple.of(2, Arbitraries.just((byte) 'a')),
                Tuple.of(2, Arbitraries.bytes()));
        return b.list().ofMaxSize(6).map(list -> {
            byte[] out = new byte[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = list.get(i);
            }
            return out;
        });
    }

    static Arbitrary<Instant> timestamps() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-3_000_001, 3_000_001))
                .map(KeyTestValues::instantOfMicros);
    }

    static Instant instantOfMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /**
     * One value per column, {@code nulls} of them NULL. Without combined edge cases: jqwik would
     * recompute their cross product on every try inside a flatMap (the per-type properties cover
     * each type's edge cases).
     */
    static Arbitrary<List<Object>> keys(List<KeyColumn> columns, double nulls) {
        List<Arbitrary<Object>> perColumn = columns.stream()
                .map(c -> values(c.type()).injectNull(nulls))
                .toList();
        return Combinators.combine(perColumn).as(v -> (List<Object>) new ArrayList<>(v)).withoutEdgeCases();
    }

    static Arbitrary<KeyColumn> columns() {
        return Combinators.combine(Arbitraries.of(KeyType.class), Arbitraries.of(SortOrder.class))
                .as(KeyColumn::new);
    }
}
