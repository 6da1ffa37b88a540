package io.neuroquantum.storage.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.storage.catalog.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HyperLogLogTest {

    @Test
    void millionDistinctLongsWithinTwoPercent() {
        HyperLogLog h = new HyperLogLog();
        for (long i = 0; i < 1_000_000; i++) {
            h.add(ColumnType.BIGINT, i * 7919);
        }
        assertThat(h.estimate()).isCloseTo(1_000_000, within(20_000.0));
    }

    @Test
    void millionDistinctStringsWithinTwoPercent() {
        HyperLogLog h = new HyperLogLog();
        for (int i = 0; i < 1_000_000; i++) {
            h.add(ColumnType.VARCHAR, "customer-" + i);
        }
        assertThat(h.estimate()).isCloseTo(1_000_000, within(20_000.0));
    }

    @Test
    void accurateAcrossTheLinearCountingHandOver() {
        // classic HLL is biased ~2% right after linear counting stops (about 2.5 m = 41k at p = 14)
        for (int n : new int[] {10, 1_000, 16_000, 30_000, 45_000, 70_000, 150_000}) {
            HyperLogLog h = new HyperLogLog();
            for (int i = 0; i < n; i++) {
                h.add(ColumnType.INT, i);
            }
            assertThat(h.estimate()).as("n = %d", n).isCloseTo(n, within(n * 0.025 + 1));
        }
    }

    @Test
    void duplicatesDoNotCount() {
        HyperLogLog h = new HyperLogLog();
        assertThat(h.estimate()).isZero();
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 1000; i++) {
                h.add(ColumnType.TEXT, "v" + i);
            }
        }
        assertThat(h.estimate()).isCloseTo(1000, within(10.0));
    }

    @Test
    void mergeIsTheUnion() {
        HyperLogLog a = new HyperLogLog(12);
        HyperLogLog b = new HyperLogLog(12);
        HyperLogLog both = new HyperLogLog(12);
        for (long i = 0; i < 60_000; i++) {
            (i < 40_000 ? a : b).add(ColumnType.BIGINT, i);
            if (i >= 20_000 && i < 40_000) {
                b.add(ColumnType.BIGINT, i); // overlap
            }
            both.add(ColumnType.BIGINT, i);
        }
        HyperLogLog merged = a.copy();
        merged.merge(b);
        assertThat(merged).isEqualTo(both);
        assertThat(merged.estimate()).isCloseTo(60_000, within(60_000 * 4 * merged.relativeError()));
        merged.merge(b);
        assertThat(merged).isEqualTo(both); // idempotent
        assertThatThrownBy(() -> a.merge(new HyperLogLog(13)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("precision");
    }

    @Test
    void serializesAndRejectsCorruptBytes() {
        HyperLogLog h = new HyperLogLog(10);
        for (int i = 0; i < 5000; i++) {
            h.add(ColumnType.INT, i);
        }
        byte[] bytes = h.toBytes();
        assertThat(bytes).hasSize(2 + 1024);
        HyperLogLog back = HyperLogLog.fromBytes(bytes);
        assertThat(back).isEqualTo(h);
        assertThat(back.estimate()).isEqualTo(h.estimate());

        assertThatThrownBy(() -> HyperLogLog.fromBytes(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HyperLogLog.fromBytes(java.util.Arrays.copyOf(bytes, 100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 1026 bytes");
        byte[] badVersion = bytes.clone();
        badVersion[0] = 9;
        assertThatThrownBy(() -> HyperLogLog.fromBytes(badVersion)).hasMessageContaining("format 9");
        byte[] badRegister = bytes.clone();
        badRegister[7] = 60; // > 65 - 10
        assertThatThrownBy(() -> HyperLogLog.fromBytes(badRegister)).hasMessageContaining("register 5");
        byte[] badPrecision = bytes.clone();
        badPrecision[1] = 30;
        assertThatThrownBy(() -> HyperLogLog.fromBytes(badPrecision)).hasMessageContaining("precision 30");
    }

    @Test
    void precisionIsValidated() {
        assertThatThrownBy(() -> new HyperLogLog(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HyperLogLog(19)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new HyperLogLog(4).relativeError()).isCloseTo(0.26, within(0.001));
    }

    @Test
    void equalSqlValuesHashEqually() {
        assertThat(ValueHash.hash(ColumnType.DOUBLE, -0.0)).isEqualTo(ValueHash.hash(ColumnType.DOUBLE, 0.0));
        assertThat(ValueHash.hash(ColumnType.DOUBLE, Double.longBitsToDouble(0x7ff8_0000_0000_0001L)))
                .isEqualTo(ValueHash.hash(ColumnType.DOUBLE, Double.NaN));
        assertThat(ValueHash.hash(ColumnType.DECIMAL, new BigDecimal("1.0")))
                .isEqualTo(ValueHash.hash(ColumnType.DECIMAL, new BigDecimal("1.00")))
                .isEqualTo(ValueHash.hash(ColumnType.DECIMAL, BigDecimal.ONE));
        assertThat(ValueHash.hash(ColumnType.DECIMAL, new BigDecimal("0.000")))
                .isEqualTo(ValueHash.hash(ColumnType.DECIMAL, BigDecimal.ZERO));
        assertThat(ValueHash.hash(ColumnType.DECIMAL, new BigDecimal("100")))
                .isEqualTo(ValueHash.hash(ColumnType.DECIMAL, new BigDecimal("1E+2")))
                .isNotEqualTo(ValueHash.hash(ColumnType.DECIMAL, new BigDecimal("10")));
        assertThat(ValueHash.hash(ColumnType.BYTEA, new byte[] {1, 2, 3}))
                .isEqualTo(ValueHash.hash(ColumnType.BYTEA, new byte[] {1, 2, 3}))
                .isNotEqualTo(ValueHash.hash(ColumnType.BYTEA, new byte[] {1, 2, 3, 0}));
        assertThat(ValueHash.hash(ColumnType.VARCHAR, new String("h\u00e9llo")))
                .isEqualTo(ValueHash.hash(ColumnType.TEXT, "h\u00e9llo"))
                .isNotEqualTo(ValueHash.hash(ColumnType.VARCHAR, "h\u00e9llo\u0000"));
        assertThat(ValueHash.hash(ColumnType.TIMESTAMP, Instant.ofEpochSecond(5, 7)))
                .isNotEqualTo(ValueHash.hash(ColumnType.TIMESTAMP, Instant.ofEpochSecond(7, 5)));
        assertThat(ValueHash.hash(ColumnType.BOOLEAN, true)).isNotEqualTo(ValueHash.hash(ColumnType.BOOLEAN, false));
        assertThatThrownBy(() -> ValueHash.hash(ColumnType.BIGINT, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Long");
    }
}
