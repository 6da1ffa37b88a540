package io.neuroquantum.storage.keys;

import static io.neuroquantum.storage.keys.KeyTestValues.compareColumn;
import static io.neuroquantum.storage.keys.KeyTestValues.hex;
import static io.neuroquantum.storage.keys.KeyTestValues.sameValue;
import static io.neuroquantum.storage.keys.KeyTestValues.sign;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Per type, in both directions and with NULLs: the unsigned byte order of single-column keys is
 * the SQL order, and decoding gives the value back.
 */
class KeyTypeOrderPropertiesTest {

    // --- BIGINT -----------------------------------------------------------------------------

    @Property
    void bigintOrder(@ForAll("bigints") Object a, @ForAll("bigints") Object b, @ForAll SortOrder order) {
        assertOrder(KeyType.BIGINT, order, a, b);
    }

    @Property
    void bigintRoundTrip(@ForAll("bigints") Object x, @ForAll SortOrder order) {
        assertRoundTrip(KeyType.BIGINT, order, x);
    }

    // --- INT --------------------------------------------------------------------------------

    @Property
    void intOrder(@ForAll("ints") Object a, @ForAll("ints") Object b, @ForAll SortOrder order) {
        assertOrder(KeyType.INT, order, a, b);
    }

    @Property
    void intRoundTrip(@ForAll("ints") Object x, @ForAll SortOrder order) {
        assertRoundTrip(KeyType.INT, order, x);
    }

    // --- DOUBLE -----------------------------------------------------------------------------

    @Property
    void doubleOrder(@ForAll("doubles") Object a, @ForAll("doubles") Object b, @ForAll SortOrder order) {
        assertOrder(KeyType.DOUBLE, order, a, b);
    }

    @Property
    void doubleRoundTrip(@ForAll("doubles") Object x, @ForAll SortOrder order) {
        assertRoundTrip(KeyType.DOUBLE, order, x);
    }

    // --- DECIMAL ----------------------------------------------------------------------------

    @Property
    void decimalOrder(@ForAll("decimals") Object a, @ForAll("decimals") Object b, @ForAll SortOrder order) {
        assertOrder(KeyType.DECIMAL, order, a, b);
    }

    @Property
    void decimalRoundTrip(@ForAll("decimals") Object x, @ForAll SortOrder order) {
        assertRoundTrip(KeyType.DECIMAL, order, x);
    }

    @Property
    void numericallyEqualDecimalsEncodeIdentically(@ForAll("nonNullDecimals") BigDecimal x) {
        KeySchema schema = KeySchema.of(KeyColumn.asc(KeyType.DECIMAL));
        BigDecimal stripped = x.signum() == 0 ? BigDecimal.ZERO : x.stripTrailingZeros();
        assertThat(schema.encode(x)).isEqualTo(schema.encode(stripped));
        if (x.scale() < Integer.MAX_VALUE - 2) {
            assertThat(schema.encode(x)).isEqualTo(schema.encode(x.setScale(x.scale() + 2)));
        }
    }

    // --- VARCHAR ----------------------------------------------------------------------------

    @Property
    void varcharOrder(@ForAll("strings") Object a, @ForAll("strings") Object b, @ForAll SortOrder order) {
        assertOrder(KeyType.VARCHAR, order, a, b);
    }

    @Property
    void varcharRoundTrip(@ForAll("strings") Object x, @ForAll SortOrder order) {
        assertRoundTrip(KeyType.VARCHAR, order, x);
    }

    @Property
    void varcharPayloadIsEscapedUtf8(@ForAll("nonNullStrings") String s) {
        byte[] key = KeySchema.of(KeyColumn.asc(KeyType.VARCHAR)).encode(s);
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(unescape(key)).isEqualTo(utf8);
    }

    // --- BYTEA ------------------------------------------------------------------------------

    @Property
    void byteaOrder(@ForAll("byteArrays") Object a, @ForAll("byteArrays") Object b, @ForAll SortOrder order) {
        assertOrder(KeyType.BYTEA, order, a, b);
    }

    @Property
    void byteaRoundTrip(@ForAll("byteArrays") Object x, @ForAll SortOrder order) {
        assertRoundTrip(KeyType.BYTEA, order, x);
    }

    // --- BOOLEAN ----------------------------------------------------------------------------

    @Property(tries = 100)
    void booleanOrder(@ForAll("booleans") Object a, @ForAll("booleans") Object b, @ForAll SortOrder order) {
        assertOrder(KeyType.BOOLEAN, order, a, b);
    }

    @Property(tries = 50)
    void booleanRoundTrip(@ForAll("booleans") Object x, @ForAll SortOrder order) {
        assertRoundTrip(KeyType.BOOLEAN, order, x);
    }

    // --- TIMESTAMP --------------------------------------------------------------------------

    @Property
    void timestampOrder(@ForAll("timestamps") Object a, @ForAll("timestamps") Object b, @ForAll SortOrder order) {
        assertOrder(KeyType.TIMESTAMP, order, a, b);
    }

    @Property
    void timestampRoundTrip(@ForAll("timestamps") Object x, @ForAll SortOrder order) {
        assertRoundTrip(KeyType.TIMESTAMP, order, x);
    }

    // --- providers: every type with ~15% NULLs ----------------------------------------------

    @Provide
    Arbitrary<Object> bigints() {
        return nullable(KeyType.BIGINT);
    }

    @Provide
    Arbitrary<Object> ints() {
        return nullable(KeyType.INT);
    }

    @Provide
    Arbitrary<Object> doubles() {
        return nullable(KeyType.DOUBLE);
    }

    @Provide
    Arbitrary<Object> decimals() {
        return nullable(KeyType.DECIMAL);
    }

    @Provide
    Arbitrary<BigDecimal> nonNullDecimals() {
        return KeyTestValues.decimals();
    }

    @Provide
    Arbitrary<Object> strings() {
        return nullable(KeyType.VARCHAR);
    }

    @Provide
    Arbitrary<String> nonNullStrings() {
        return KeyTestValues.strings();
    }

    @Provide
    Arbitrary<Object> byteArrays() {
        return nullable(KeyType.BYTEA);
    }

    @Provide
    Arbitrary<Object> booleans() {
        return nullable(KeyType.BOOLEAN);
    }

    @Provide
    Arbitrary<Object> timestamps() {
        return nullable(KeyType.TIMESTAMP);
    }

    private static Arbitrary<Object> nullable(KeyType type) {
        return KeyTestValues.values(type).injectNull(0.15);
    }

    // --- checks -----------------------------------------------------------------------------

    private static void assertOrder(KeyType type, SortOrder order, Object a, Object b) {
        KeyColumn column = new KeyColumn(type, order);
        KeySchema schema = KeySchema.of(column);
        byte[] ea = schema.encode(a);
        byte[] eb = schema.encode(b);
        assertThat(sign(Arrays.compareUnsigned(ea, eb)))
                .as("%s: %s [%s] vs %s [%s]", column, show(a), hex(ea), show(b), hex(eb))
                .isEqualTo(sign(compareColumn(column, a, b)));
    }

    private static void assertRoundTrip(KeyType type, SortOrder order, Object x) {
        KeySchema schema = KeySchema.of(new KeyColumn(type, order));
        byte[] key = schema.encode(x);
        Object back = schema.decode(key).get(0);
        assertThat(sameValue(type, x, back)).as("%s decoded from [%s] as %s", show(x), hex(key), show(back)).isTrue();
        assertThat(schema.encode(back)).as("re-encoding %s", show(back)).isEqualTo(key);
        if (x instanceof Instant t) {
            assertThat(back).isEqualTo(t);
        }
    }

    private static String show(Object v) {
        return v instanceof byte[] bytes ? "bytea[" + hex(bytes) + "]" : String.valueOf(v);
    }

    /** The payload of a single ASC VARCHAR/BYTEA key with escapes and terminator removed. */
    private static byte[] unescape(byte[] key) {
        byte[] out = new byte[key.length];
        int n = 0;
        for (int i = 1; i < key.length - 2; i++) {
            out[n++] = key[i];
            if (key[i] == 0) {
                i++;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
