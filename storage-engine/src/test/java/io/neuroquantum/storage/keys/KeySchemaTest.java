package io.neuroquantum.storage.keys;

import static io.neuroquantum.storage.keys.KeyTestValues.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema API: argument checking, NULL placement, and the edges of each type's range. */
class KeySchemaTest {

    @Test
    void wrongJavaTypeNamesColumnExpectedAndActual() {
        KeySchema schema = KeySchema.of(KeyColumn.asc(KeyType.BIGINT), KeyColumn.desc(KeyType.DECIMAL));
        assertThatThrownBy(() -> schema.encode(1L, 1.5))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("key column 1: expected DECIMAL (java.math.BigDecimal), got java.lang.Double");
        assertThatThrownBy(() -> schema.encode(1, BigDecimal.ONE)) // no silent widening
                .hasMessage("key column 0: expected BIGINT (java.lang.Long), got java.lang.Integer");
    }

    @Test
    void valueCountMustMatch() {
        KeySchema schema = KeySchema.of(KeyColumn.asc(KeyType.INT), KeyColumn.asc(KeyType.INT));
        assertThatThrownBy(() -> schema.encode(1)).hasMessage("expected 2 key values, got 1");
        assertThatThrownBy(() -> schema.encodePrefix(1, 2, 3)).hasMessage("expected at most 2 key values, got 3");
        assertThat(schema.encodePrefix()).isEmpty();
        assertThat(schema.decodePrefix(new byte[0])).isEmpty();
        assertThatThrownBy(() -> KeySchema.of()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullSortsLastAscendingAndFirstDescending() {
        for (KeyType type : KeyType.values()) {
            Object[] samples = sampleValues(type);
            KeySchema asc = KeySchema.of(KeyColumn.asc(type));
            KeySchema desc = KeySchema.of(KeyColumn.desc(type));
            for (Object v : samples) {
                assertThat(Arrays.compareUnsigned(asc.encode(v), asc.encode((Object) null))).as("%s", type).isNegative();
                assertThat(Arrays.compareUnsigned(desc.encode((Object) null), desc.encode(v))).as("%s", type).isNegative();
            }
            assertThat(asc.decode(asc.encode((Object) null))).containsExactly((Object) null);
            assertThat(desc.decode(desc.encode((Object) null))).containsExactly((Object) null);
        }
        assertThat(hex(KeySchema.of(KeyColumn.asc(KeyType.INT)).encode((Object) null))).isEqualTo("F0");
        assertThat(hex(KeySchema.of(KeyColumn.desc(KeyType.INT)).encode((Object) null))).isEqualTo("0F");
    }

    @Test
    void decodedValuesHaveTheDocumentedJavaTypes() {
        for (KeyType type : KeyType.values()) {
            KeySchema schema = KeySchema.of(KeyColumn.desc(type));
            Object v = sampleValues(type)[0];
            assertThat(schema.decode(schema.encode(v)).get(0)).isInstanceOf(type.javaType());
        }
    }

    @Test
    void doubleSpecialValues() {
        KeySchema schema = KeySchema.of(KeyColumn.asc(KeyType.DOUBLE));
        assertThat(schema.encode(-0.0)).isEqualTo(schema.encode(0.0));
        assertThat(schema.encode(Double.longBitsToDouble(0xfff8000000000001L))).isEqualTo(schema.encode(Double.NaN));
        byte[][] ascending = {
            schema.encode(Double.NEGATIVE_INFINITY), schema.encode(-Double.MAX_VALUE), schema.encode(-1.0),
            schema.encode(-Double.MIN_VALUE), schema.encode(0.0), schema.encode(Double.MIN_VALUE),
            schema.encode(1.0), schema.encode(Double.MAX_VALUE), schema.encode(Double.POSITIVE_INFINITY),
            schema.encode(Double.NaN), schema.encode((Object) null)
        };
        assertStrictlyAscending(ascending);
        assertThat(Double.doubleToRawLongBits((Double) schema.decode(schema.encode(-0.0)).get(0))).isZero();
        assertThat((Double) schema.decode(schema.encode(Double.longBitsToDouble(0x7ff0000000000123L))).get(0)).isNaN();
    }

    @Test
    void decimalEqualValuesShareOneEncoding() {
        KeySchema schema = KeySchema.of(KeyColumn.asc(KeyType.DECIMAL));
        assertThat(schema.encode(new BigDecimal("1.0"))).isEqualTo(schema.encode(new BigDecimal("1.00")))
                .isEqualTo(schema.encode(BigDecimal.ONE)).isEqualTo(schema.encode(new BigDecimal("0.1E1")));
        assertThat(schema.encode(new BigDecimal("0.000"))).isEqualTo(schema.encode(new BigDecimal("0E+7")))
                .isEqualTo(schema.encode(BigDecimal.ZERO));
        assertThat(schema.encode(new BigDecimal("-120"))).isEqualTo(schema.encode(new BigDecimal("-1.2E+2")));
        BigDecimal back = (BigDecimal) schema.decode(schema.encode(new BigDecimal("12.500"))).get(0);
        assertThat(back).isEqualByComparingTo("12.5");
        assertThat(back.scale()).isEqualTo(1);
    }

    @Test
    void decimalOrderAcrossMagnitudes() {
        KeySchema schema = KeySchema.of(KeyColumn.asc(KeyType.DECIMAL));
        String[] ascending = {"-1E+100", "-101", "-100", "-99.5", "-10", "-9", "-1.01", "-1", "-0.99", "-0.1",
            "-1E-100", "0", "1E-100", "0.1", "0.10001", "0.99", "1", "1.01", "9", "10", "99.5", "100", "101", "1E+100"};
        byte[][] keys = new byte[ascending.length][];
        for (int i = 0; i < ascending.length; i++) {
            keys[i] = schema.encode(new BigDecimal(ascending[i]));
        }
        assertStrictlyAscending(keys);
    }

    @Test
    void decimalExponentRangeIsChecked() {
        KeySchema schema = KeySchema.of(KeyColumn.asc(KeyType.BIGINT), KeyColumn.asc(KeyType.DECIMAL));
        BigDecimal huge = new BigDecimal(BigInteger.ONE, Integer.MIN_VALUE + 1); // 1E+2147483647
        assertThatThrownBy(() -> schema.encode(1L, huge))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("key column 1: DECIMAL 1E+2147483647 is out of range");
        BigDecimal hugeButFits = new BigDecimal(BigInteger.ONE, Integer.MIN_VALUE + 2);
        assertThat((BigDecimal) schema.decode(schema.encode(1L, hugeButFits)).get(1)).isEqualByComparingTo(hugeButFits);
        BigDecimal tiny = new BigDecimal(new BigInteger("1000"), Integer.MAX_VALUE);
        assertThat((BigDecimal) schema.decode(schema.encode(1L, tiny)).get(1)).isEqualByComparingTo(tiny);
        // a failed write leaves the writer as it was
        KeyWriter w = new KeyWriter().writeLong(7, SortOrder.ASC);
        assertThatThrownBy(() -> w.writeDecimal(huge, SortOrder.DESC)).isInstanceOf(IllegalArgumentException.class);
        assertThat(w.toByteArray()).isEqualTo(LongKey.encode(7));
        assertThat(w.componentCount()).isEqualTo(1);
    }

    @Test
    void timestampRangeAndPrecision() {
        KeySchema schema = KeySchema.of(KeyColumn.asc(KeyType.TIMESTAMP));
        for (long micros : new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE}) {
            Instant t = KeyTestValues.instantOfMicros(micros);
            assertThat(schema.decode(schema.encode(t))).containsExactly(t);
        }
        Instant min = KeyTestValues.instantOfMicros(Long.MIN_VALUE);
        Instant max = KeyTestValues.instantOfMicros(Long.MAX_VALUE);
        assertThatThrownBy(() -> schema.encode(min.minusNanos(1000)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key column 0: TIMESTAMP").hasMessageContaining("out of range");
        assertThatThrownBy(() -> schema.encode(max.plusNanos(1000))).hasMessageContaining("out of range");
        assertThatThrownBy(() -> schema.encode(Instant.MAX)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> schema.encode(Instant.MIN)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> schema.encode(Instant.ofEpochSecond(0, 1)))
                .hasMessageContaining("sub-microsecond precision");
        assertThat(hex(schema.encode(Instant.EPOCH))).isEqualTo("17 80 00 00 00 00 00 00 00");
    }

    @Test
    void unpairedSurrogatesAreRejected() {
        KeySchema schema = KeySchema.of(KeyColumn.asc(KeyType.VARCHAR));
        assertThatThrownBy(() -> schema.encode("ab\uD800"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("key column 0: VARCHAR value has an unpaired surrogate U+D800 at index 2");
        assertThatThrownBy(() -> schema.encode("\uDC00x")).hasMessageContaining("unpaired surrogate U+DC00");
    }

    @Test
    void writerAndReaderComposeByHand() {
        KeyWriter w = new KeyWriter(1);
        w.writeInt(-5, SortOrder.DESC).writeString("héllo", SortOrder.ASC).writeNull(SortOrder.DESC)
                .writeBoolean(true, SortOrder.ASC).writeBytes(new byte[] {0, 0}, SortOrder.DESC);
        byte[] key = w.toByteArray();
        assertThat(w.length()).isEqualTo(key.length);
        assertThat(w.componentCount()).isEqualTo(5);

        KeyReader r = new KeyReader(key);
        assertThat(r.readInt(SortOrder.DESC)).isEqualTo(-5);
        assertThat(r.readNull(SortOrder.ASC)).isFalse();
        assertThat(r.readString(SortOrder.ASC)).isEqualTo("héllo");
        assertThat(r.readNull(SortOrder.DESC)).isTrue();
        assertThat(r.componentIndex()).isEqualTo(3);
        assertThat(r.readBoolean(SortOrder.ASC)).isTrue();
        assertThat(r.readBytes(SortOrder.DESC)).containsExactly(0, 0);
        assertThat(r.hasRemaining()).isFalse();
        r.requireEnd();

        assertThat(w.reset().length()).isZero();
        assertThat(w.writeLong(3, SortOrder.ASC).toByteArray()).isEqualTo(LongKey.encode(3));

        KeySchema schema = KeySchema.of(KeyColumn.desc(KeyType.INT), KeyColumn.asc(KeyType.VARCHAR),
                KeyColumn.desc(KeyType.DOUBLE), KeyColumn.asc(KeyType.BOOLEAN), KeyColumn.desc(KeyType.BYTEA));
        assertThat(schema.decode(key)).hasSize(5).startsWith(-5, "héllo", null, true);
    }

    @Test
    void readerHonoursOffsetAndLength() {
        byte[] key = KeySchema.of(KeyColumn.asc(KeyType.INT)).encode(42);
        byte[] framed = new byte[key.length + 4];
        System.arraycopy(key, 0, framed, 2, key.length);
        KeyReader r = new KeyReader(framed, 2, key.length);
        assertThat(r.readInt(SortOrder.ASC)).isEqualTo(42);
        r.requireEnd();
        assertThatThrownBy(() -> new KeyReader(framed, 3, framed.length)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void decodeResultAllowsNullsAndIsUnmodifiable() {
        KeySchema schema = KeySchema.of(KeyColumn.asc(KeyType.INT), KeyColumn.asc(KeyType.VARCHAR));
        List<Object> values = schema.decode(schema.encode(null, "x"));
        assertThat(values).containsExactly(null, "x");
        assertThatThrownBy(() -> values.set(0, 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    private static Object[] sampleValues(KeyType type) {
        return switch (type) {
            case BIGINT -> new Object[] {Long.MIN_VALUE, 0L, Long.MAX_VALUE};
            case INT -> new Object[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE};
            case DOUBLE -> new Object[] {Double.NEGATIVE_INFINITY, 0.0, Double.POSITIVE_INFINITY, Double.NaN};
            case DECIMAL -> new Object[] {new BigDecimal("-1E+999"), BigDecimal.ZERO, new BigDecimal("9E+999")};
            case VARCHAR -> new Object[] {"", "\0", "\uDBFF\uDFFF\uDBFF\uDFFF"};
            case BYTEA -> new Object[] {new byte[0], new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}};
            case BOOLEAN -> new Object[] {false, true};
            case TIMESTAMP -> new Object[] {KeyTestValues.instantOfMicros(Long.MIN_VALUE), Instant.EPOCH,
                KeyTestValues.instantOfMicros(Long.MAX_VALUE)};
        };
    }

    private static void assertStrictlyAscending(byte[][] keys) {
        for (int i = 1; i < keys.length; i++) {
            assertThat(Arrays.compareUnsigned(keys[i - 1], keys[i]))
                    .as("[%s] < [%s] (index %d)", hex(keys[i - 1]), hex(keys[i]), i)
                    .isNegative();
        }
    }
}
