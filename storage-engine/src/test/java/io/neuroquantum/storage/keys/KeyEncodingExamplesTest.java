package io.neuroquantum.storage.keys;

import static io.neuroquantum.storage.keys.KeyTestValues.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The worked examples of docs/formats/keys-encoding.md, byte for byte. */
class KeyEncodingExamplesTest {

    @Test
    void singleValues() {
        assertThat(asc(KeyType.BIGINT, 1L)).isEqualTo("10 80 00 00 00 00 00 00 01");
        assertThat(asc(KeyType.BIGINT, -1L)).isEqualTo("10 7F FF FF FF FF FF FF FF");
        assertThat(asc(KeyType.INT, 5)).isEqualTo("11 80 00 00 05");
        assertThat(asc(KeyType.DOUBLE, 1.0)).isEqualTo("12 BF F0 00 00 00 00 00 00");
        assertThat(asc(KeyType.DOUBLE, -1.0)).isEqualTo("12 40 0F FF FF FF FF FF FF");
        assertThat(asc(KeyType.DOUBLE, Double.NEGATIVE_INFINITY)).isEqualTo("12 00 0F FF FF FF FF FF FF");
        assertThat(asc(KeyType.DOUBLE, Double.POSITIVE_INFINITY)).isEqualTo("12 FF F0 00 00 00 00 00 00");
        assertThat(asc(KeyType.DOUBLE, Double.NaN)).isEqualTo("12 FF F8 00 00 00 00 00 00");
        assertThat(asc(KeyType.DECIMAL, new BigDecimal("12.50"))).isEqualTo("13 03 80 00 00 02 19 64");
        assertThat(asc(KeyType.DECIMAL, new BigDecimal("-12.5"))).isEqualTo("13 01 7F FF FF FD E6 9B");
        assertThat(asc(KeyType.DECIMAL, new BigDecimal("0.00"))).isEqualTo("13 02");
        assertThat(asc(KeyType.DECIMAL, new BigDecimal("0.001"))).isEqualTo("13 03 7F FF FF FE 14");
        assertThat(asc(KeyType.DECIMAL, new BigDecimal("1000"))).isEqualTo("13 03 80 00 00 04 14");
        assertThat(asc(KeyType.VARCHAR, "a\0b")).isEqualTo("14 61 00 FF 62 00 01");
        assertThat(asc(KeyType.VARCHAR, "é")).isEqualTo("14 C3 A9 00 01");
        assertThat(asc(KeyType.BYTEA, new byte[] {0, 1, (byte) 0xFF})).isEqualTo("15 00 FF 01 FF 00 01");
        assertThat(asc(KeyType.BOOLEAN, true)).isEqualTo("16 01");
        assertThat(asc(KeyType.TIMESTAMP, Instant.parse("2024-01-01T00:00:00Z"))).isEqualTo("17 80 06 0D D7 10 21 20 00");
        assertThat(asc(KeyType.TIMESTAMP, Instant.parse("1969-12-31T23:59:59.999999Z")))
                .isEqualTo("17 7F FF FF FF FF FF FF FF");
        assertThat(asc(KeyType.INT, null)).isEqualTo("F0");
    }

    @Test
    void descending() {
        assertThat(desc(KeyType.INT, 5)).isEqualTo("EE 7F FF FF FA");
        assertThat(desc(KeyType.DECIMAL, new BigDecimal("12.5"))).isEqualTo("EC FC 7F FF FF FD E6 9B");
        assertThat(desc(KeyType.INT, null)).isEqualTo("0F");
    }

    @Test
    void compositeVarcharAscBigintDesc() {
        KeySchema schema = KeySchema.of(KeyColumn.asc(KeyType.VARCHAR), KeyColumn.desc(KeyType.BIGINT));
        assertThat(hex(schema.encode("a", null))).isEqualTo("14 61 00 01 0F");
        assertThat(hex(schema.encode("a", 7L))).isEqualTo("14 61 00 01 EF 7F FF FF FF FF FF FF F8");
        assertThat(hex(schema.encode("a\0", 1L))).isEqualTo("14 61 00 FF 00 01 EF 7F FF FF FF FF FF FF FE");
        assertThat(hex(schema.encode("ab", 1L))).isEqualTo("14 61 62 00 01 EF 7F FF FF FF FF FF FF FE");
        assertThat(hex(schema.encodePrefix("a"))).isEqualTo("14 61 00 01");
    }

    private static String asc(KeyType type, Object value) {
        return hex(KeySchema.of(KeyColumn.asc(type)).encode(value));
    }

    private static String desc(KeyType type, Object value) {
        return hex(KeySchema.of(KeyColumn.desc(type)).encode(value));
    }
}
