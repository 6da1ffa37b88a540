package io.neuroquantum.storage.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.storage.catalog.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class StatisticsCodecTest {

    // --- generators --------------------------------------------------------------------------

    static Arbitrary<Object> values(ColumnType type) {
        return switch (type) {
            case BIGINT -> Arbitraries.longs().map(v -> (Object) v);
            case INT -> Arbitraries.integers().map(v -> (Object) v);
            case DOUBLE -> Arbitraries.oneOf(Arbitraries.doubles(),
                    Arbitraries.of(0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                            Double.MIN_VALUE, -Double.MAX_VALUE)).map(v -> (Object) v);
            case DECIMAL -> Combinators.combine(Arbitraries.bigIntegers().between(
                            java.math.BigInteger.TEN.pow(40).negate(), java.math.BigInteger.TEN.pow(40)),
                    Arbitraries.integers().between(-30, 30)).as((u, s) -> (Object) new BigDecimal(u, s));
            case VARCHAR, TEXT -> Arbitraries.oneOf(
                    Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFD').ofMaxLength(12),
                    Arbitraries.of("", "\uD83D\uDE00 emoji", "caf\u00e9", "x".repeat(300))).map(v -> (Object) v);
            case BOOLEAN -> Arbitraries.of(true, false).map(v -> (Object) v);
            case TIMESTAMP -> Combinators.combine(
                    Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                    Arbitraries.integers().between(0, 999_999_999)).as((s, n) -> (Object) Instant.ofEpochSecond(s, n));
            case BYTEA -> Arbitraries.bytes().array(byte[].class).ofMaxSize(16).map(v -> (Object) v);
        };
    }

    /** Valid statistics built from arbitrary values: sorted bounds, descending frequencies. */
    static Arbitrary<ColumnStatistics> columns() {
        return Arbitraries.of(ColumnType.class).flatMap(type -> {
            Arbitrary<List<Object>> list = values(type).list().ofMaxSize(25);
            return Combinators.combine(list, list, Arbitraries.doubles().between(0, 0.9),
                    Arbitraries.doubles().between(0, 1e12), Arbitraries.doubles().between(0, 1e4),
                    Arbitraries.strings().ofMaxLength(8), Arbitraries.longs())
                    .as((mcv, hist, nullFraction, distinct, width, name, seed) ->
                            column(type, name, mcv, hist, nullFraction, distinct, width, seed));
        });
    }

    static ColumnStatistics column(ColumnType type, String name, List<Object> mcv, List<Object> hist,
            double nullFraction, double distinct, double width, long seed) {
        List<Object> bounds = new ArrayList<>(hist);
        bounds.sort(type::compare);
        if (bounds.size() == 1) {
            bounds.clear();
        }
        List<Object> all = new ArrayList<>(bounds);
        all.addAll(mcv);
        all.sort(type::compare);
        Random r = new Random(seed);
        double[] raw = new double[mcv.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (1 - nullFraction) * (r.nextDouble() * 0.999 + 0.001) / raw.length;
        }
        Arrays.sort(raw);
        List<Double> freqs = new ArrayList<>();
        for (int i = raw.length - 1; i >= 0; i--) {
            freqs.add(raw[i]);
        }
        Object min = all.isEmpty() ? null : all.getFirst();
        Object max = all.isEmpty() ? null : all.getLast();
        return new ColumnStatistics(name, type, nullFraction, distinct, width, min, max, mcv, freqs, bounds);
    }

    @Provide
    Arbitrary<TableStatistics> tables() {
        Arbitrary<Instant> instants = Combinators.combine(
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
        return Combinators.combine(Arbitraries.strings().ofMaxLength(20), Arbitraries.longs().greaterOrEqual(0),
                instants, columns().list().ofMaxSize(4), Arbitraries.longs().greaterOrEqual(0))
                .as((name, rows, at, cols, modified) -> new TableStatistics(name, rows, at, uniqueNames(cols), modified));
    }

    private static List<ColumnStatistics> uniqueNames(List<ColumnStatistics> cols) {
        List<ColumnStatistics> out = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            ColumnStatistics c = cols.get(i);
            out.add(new ColumnStatistics(c.column() + "#" + i, c.type(), c.nullFraction(), c.distinct(),
                    c.averageWidth(), c.min(), c.max(), c.mostCommonValues(), c.mostCommonFrequencies(),
                    c.histogramBounds()));
        }
        return out;
    }

    // --- properties --------------------------------------------------------------------------

    @Property(tries = 1000)
    void roundTrips(@ForAll("tables") TableStatistics stats) {
        byte[] bytes = StatisticsCodec.encode(stats);
        assertThat(bytes[0]).isEqualTo((byte) StatisticsCodec.FORMAT);
        TableStatistics back = StatisticsCodec.decode(bytes);
        assertThat(back).isEqualTo(stats);
        assertThat(StatisticsCodec.encode(back)).isEqualTo(bytes);
    }

    @Property(tries = 200)
    void everyColumnTypeRoundTrips(@ForAll ColumnType type, @ForAll long seed) {
        List<Object> values = values(type).list().ofMinSize(2).ofMaxSize(10).generator(100)
                .next(new Random(seed)).value();
        ColumnStatistics c = column(type, "c", values.subList(0, 1), values, 0.25, 7, 3, seed);
        TableStatistics stats = new TableStatistics("t", 10, Instant.EPOCH, List.of(c), 3);
        assertThat(StatisticsCodec.decode(StatisticsCodec.encode(stats))).isEqualTo(stats);
    }

    @Property(tries = 300)
    void damagedBytesAreRejected(@ForAll("tables") TableStatistics stats, @ForAll int position, @ForAll byte flip) {
        byte[] bytes = StatisticsCodec.encode(stats);
        byte[] damaged = bytes.clone();
        damaged[Math.floorMod(position, bytes.length)] ^= (byte) (flip == 0 ? 1 : flip);
        assertThatThrownBy(() -> StatisticsCodec.decode(damaged)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("(corrupt|truncated|unsupported) statistics.*");
    }

    @Property(tries = 100)
    void truncatedBytesAreRejected(@ForAll("tables") TableStatistics stats, @ForAll long seed) {
        byte[] bytes = StatisticsCodec.encode(stats);
        Random r = new Random(seed);
        for (int i = 0; i < 20; i++) {
            byte[] prefix = Arrays.copyOf(bytes, r.nextInt(bytes.length));
            assertThatThrownBy(() -> StatisticsCodec.decode(prefix)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Damage behind a valid checksum exercises the structural checks: IAE or a valid result, nothing else. */
    @Property(tries = 1000)
    void damageBehindAValidChecksumNeverEscapesAsAnotherException(
            @ForAll("tables") TableStatistics stats, @ForAll int position, @ForAll byte value, @ForAll boolean cut) {
        byte[] bytes = StatisticsCodec.encode(stats);
        int bodyEnd = bytes.length - 4;
        byte[] body = Arrays.copyOf(bytes, bodyEnd);
        int at = 1 + Math.floorMod(position, bodyEnd - 1);
        if (cut) {
            body = Arrays.copyOf(body, at);
        } else {
            body[at] = value;
        }
        byte[] damaged = withChecksum(body);
        try {
            StatisticsCodec.decode(damaged);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).matches("(?s)(corrupt|truncated) statistics: .+"); // column names may hold line breaks
        }
    }

    @Property(tries = 500)
    void randomBytesAreRejected(@ForAll byte[] bytes) {
        assertThatThrownBy(() -> StatisticsCodec.decode(bytes)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- examples ----------------------------------------------------------------------------

    static byte[] withChecksum(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        byte[] out = Arrays.copyOf(body, body.length + 4);
        int v = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            out[body.length + i] = (byte) (v >>> (24 - 8 * i));
        }
        return out;
    }

    private static byte[] sample() {
        ColumnStatistics c = new ColumnStatistics("flag", ColumnType.BOOLEAN, 0, 2, 1, false, true,
                List.of(true, false), List.of(0.75, 0.25), List.of());
        return StatisticsCodec.encode(new TableStatistics("t", 4, Instant.ofEpochSecond(1, 2), List.of(c), 0));
    }

    @Example
    void clearMessages() {
        assertThatThrownBy(() -> StatisticsCodec.decode(new byte[0])).hasMessageContaining("no bytes");
        assertThatThrownBy(() -> StatisticsCodec.decode(null)).isInstanceOf(IllegalArgumentException.class);
        byte[] future = sample();
        future[0] = 2;
        assertThatThrownBy(() -> StatisticsCodec.decode(future))
                .hasMessage("unsupported statistics format 2 (this build reads format 1)");
        byte[] flipped = sample();
        flipped[10] ^= 1;
        assertThatThrownBy(() -> StatisticsCodec.decode(flipped)).hasMessageContaining("CRC32C mismatch");

        byte[] good = sample();
        byte[] body = Arrays.copyOf(good, good.length - 4);
        // layout: 0 format, 1 name len, 2 't', 3..10 rows, 11..22 analyzedAt, 23..30 modified,
        // 31 column count, 32 name len, 33..36 "flag", 37 type code, 38..61 three doubles, 62 flags
        assertThat(body[37]).isEqualTo((byte) 7);
        byte[] badType = body.clone();
        badType[37] = 42;
        assertThatThrownBy(() -> StatisticsCodec.decode(withChecksum(badType)))
                .hasMessage("corrupt statistics: unknown column type code 42 at offset 37");
        byte[] badBoolean = body.clone();
        badBoolean[63] = 5; // min
        assertThatThrownBy(() -> StatisticsCodec.decode(withChecksum(badBoolean)))
                .hasMessage("corrupt statistics: min at offset 63 is BOOLEAN byte 5, not 0 or 1");
        byte[] swapped = body.clone();
        swapped[63] = 1;
        swapped[64] = 0; // min > max
        assertThatThrownBy(() -> StatisticsCodec.decode(withChecksum(swapped)))
                .hasMessage("corrupt statistics: column flag: min > max");
        byte[] hugeCount = body.clone();
        hugeCount[31] = 0x7F;
        assertThatThrownBy(() -> StatisticsCodec.decode(withChecksum(hugeCount)))
                .hasMessageStartingWith("corrupt statistics: column count 127 at offset 31 exceeds");
        byte[] trailing = Arrays.copyOf(body, body.length + 1);
        assertThatThrownBy(() -> StatisticsCodec.decode(withChecksum(trailing)))
                .hasMessageContaining("1 unexpected bytes at offset " + body.length);
        assertThatThrownBy(() -> StatisticsCodec.decode(withChecksum(Arrays.copyOf(body, 40))))
                .hasMessage("corrupt statistics: column count 1 at offset 31 exceeds the 8 bytes left");
        assertThatThrownBy(() -> StatisticsCodec.decode(withChecksum(Arrays.copyOf(body, 62))))
                .hasMessage("truncated statistics: flags at offset 62 needs 1 bytes, 0 left");
    }

    @Example
    void collectedStatisticsRoundTrip() {
        TableStatsCollector t = new TableStatsCollector("everything",
                List.of(ColumnType.values()).stream().map(ColumnType::name).toList(), List.of(ColumnType.values()));
        Random r = new Random(9);
        for (int i = 0; i < 5000; i++) {
            int k = r.nextInt(300);
            t.addRow(new Object[] {(long) k, k, k / 7.0, BigDecimal.valueOf(k, 2), "s" + k, "t" + k, k % 3 == 0,
                    Instant.ofEpochSecond(k * 1000L, k), new byte[] {(byte) k, (byte) (k >> 8)}});
        }
        TableStatistics stats = t.statistics(Instant.parse("2025-06-01T12:00:00Z")).withModifiedSinceAnalyze(17);
        assertThat(StatisticsCodec.decode(StatisticsCodec.encode(stats))).isEqualTo(stats);
    }
}
