package io.neuroquantum.storage.stats;

import io.neuroquantum.storage.catalog.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Binary form of {@link TableStatistics}, for persisting in a system B+ tree. Layout in
 * docs/formats/statistics.md: a format byte ({@value #FORMAT}), the table, its columns with their
 * values encoded per {@link ColumnType}, and a CRC32C of everything before it.
 *
 * <p>Invariants: {@code decode(encode(s)).equals(s)} for every {@code s} (strings round-trip
 * exactly unless they contain unpaired surrogates, which UTF-8 turns into {@code '?'}); {@link
 * #decode} throws only {@link IllegalArgumentException}, with a message saying what is wrong and
 * where, and never allocates more than the input's length justifies.
 */
public final class StatisticsCodec {

    /** Current format version, the first byte. */
    public static final int FORMAT = 1;

    private static final int CRC_BYTES = 4;
    private static final int HAS_MIN_MAX = 1;
    private static final ColumnType[] BY_CODE = {
        null,
        ColumnType.BIGINT, ColumnType.INT, ColumnType.DOUBLE, ColumnType.DECIMAL, ColumnType.VARCHAR,
        ColumnType.TEXT, ColumnType.BOOLEAN, ColumnType.TIMESTAMP, ColumnType.BYTEA,
    };

    private StatisticsCodec() {
    }

    /** Stable on-disk code of a type (1..9, independent of enum order). */
    static int code(ColumnType type) {
        for (int c = 1; c < BY_CODE.length; c++) {
            if (BY_CODE[c] == type) {
                return c;
            }
        }
        throw new IllegalStateException("no code for " + type);
    }

    public static byte[] encode(TableStatistics stats) {
        ByteWriter out = new ByteWriter();
        out.u8(FORMAT);
        out.string(stats.table());
        out.i64(stats.rowCount());
        out.i64(stats.analyzedAt().getEpochSecond());
        out.i32(stats.analyzedAt().getNano());
        out.i64(stats.modifiedSinceAnalyze());
        out.varint(stats.columns().size());
        for (ColumnStatistics c : stats.columns()) {
            writeColumn(out, c);
        }
        byte[] body = out.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(body);
        out.i32((int) crc.getValue());
        return out.toByteArray();
    }

    /**
     * @throws IllegalArgumentException if {@code bytes} is not an intact encoding of this format
     */
    public static TableStatistics decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("truncated statistics: no bytes");
        }
        int format = bytes[0] & 0xFF;
        if (format != FORMAT) {
            throw new IllegalArgumentException("unsupported statistics format " + format
                    + " (this build reads format " + FORMAT + ")");
        }
        if (bytes.length < 1 + CRC_BYTES) {
            throw new IllegalArgumentException("truncated statistics: " + bytes.length + " bytes");
        }
        int bodyEnd = bytes.length - CRC_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bodyEnd);
        int stored = new ByteReader(bytes, bodyEnd, bytes.length).i32("CRC32C");
        if (stored != (int) crc.getValue()) {
            throw new IllegalArgumentException(String.format(
                    "corrupt statistics: CRC32C mismatch (stored %08x, computed %08x; truncated or damaged)",
                    stored, (int) crc.getValue()));
        }
        ByteReader in = new ByteReader(bytes, 1, bodyEnd);
        try {
            TableStatistics s = readTable(in);
            if (in.remaining() != 0) {
                throw new IllegalArgumentException("corrupt statistics: " + in.remaining()
                        + " unexpected bytes at offset " + in.position());
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && (e.getMessage().startsWith("corrupt statistics")
                    || e.getMessage().startsWith("truncated statistics"))
                    ? e
                    : new IllegalArgumentException("corrupt statistics: " + e.getMessage(), e);
        } catch (RuntimeException e) { // defensive: the contract is IllegalArgumentException only
            throw new IllegalArgumentException("corrupt statistics: " + e, e);
        }
    }

    private static void writeColumn(ByteWriter out, ColumnStatistics c) {
        ColumnType type = c.type();
        out.string(c.column());
        out.u8(code(type));
        out.f64(c.nullFraction());
        out.f64(c.distinct());
        out.f64(c.averageWidth());
        out.u8(c.min() != null ? HAS_MIN_MAX : 0);
        if (c.min() != null) {
            writeValue(out, type, c.min());
            writeValue(out, type, c.max());
        }
        out.varint(c.mostCommonValues().size());
        for (int i = 0; i < c.mostCommonValues().size(); i++) {
            writeValue(out, type, c.mostCommonValues().get(i));
            out.f64(c.mostCommonFrequencies().get(i));
        }
        out.varint(c.histogramBounds().size());
        for (Object b : c.histogramBounds()) {
            writeValue(out, type, b);
        }
    }

    private static TableStatistics readTable(ByteReader in) {
        String table = in.string("table name");
        long rows = in.i64("row count");
        Instant analyzedAt = instant(in, "analyzedAt");
        long modified = in.i64("modifiedSinceAnalyze");
        int n = in.count("column count", 29);
        List<ColumnStatistics> columns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            columns.add(readColumn(in));
        }
        return new TableStatistics(table, rows, analyzedAt, columns, modified);
    }

    private static ColumnStatistics readColumn(ByteReader in) {
        String name = in.string("column name");
        int at = in.position();
        int code = in.u8("column type");
        if (code < 1 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("corrupt statistics: unknown column type code " + code
                    + " at offset " + at);
        }
        ColumnType type = BY_CODE[code];
        double nullFraction = in.f64("nullFraction");
        double distinct = in.f64("distinct");
        double width = in.f64("averageWidth");
        at = in.position();
        int flags = in.u8("flags");
        if ((flags & ~HAS_MIN_MAX) != 0) {
            throw new IllegalArgumentException("corrupt statistics: unknown flags " + flags + " at offset " + at);
        }
        Object min = null;
        Object max = null;
        if (flags == HAS_MIN_MAX) {
            min = readValue(in, type, "min");
            max = readValue(in, type, "max");
        }
        int mcvs = in.count("MCV count", 9);
        List<Object> values = new ArrayList<>(mcvs);
        List<Double> freqs = new ArrayList<>(mcvs);
        for (int i = 0; i < mcvs; i++) {
            values.add(readValue(in, type, "MCV " + i));
            freqs.add(in.f64("MCV frequency " + i));
        }
        int bounds = in.count("histogram bound count", 1);
        List<Object> hist = new ArrayList<>(bounds);
        for (int i = 0; i < bounds; i++) {
            hist.add(readValue(in, type, "histogram bound " + i));
        }
        try {
            return new ColumnStatistics(name, type, nullFraction, distinct, width, min, max, values, freqs, hist);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("corrupt statistics: " + e.getMessage(), e);
        }
    }

    private static void writeValue(ByteWriter out, ColumnType type, Object v) {
        switch (type) {
            case BIGINT -> out.i64((Long) v);
            case INT -> out.i32((Integer) v);
            case DOUBLE -> out.f64((Double) v);
            case BOOLEAN -> out.u8((Boolean) v ? 1 : 0);
            case TIMESTAMP -> {
                out.i64(((Instant) v).getEpochSecond());
                out.i32(((Instant) v).getNano());
            }
            case DECIMAL -> {
                BigDecimal d = (BigDecimal) v;
                out.i32(d.scale());
                out.bytes(d.unscaledValue().toByteArray());
            }
            case VARCHAR, TEXT -> out.string((String) v);
            case BYTEA -> out.bytes((byte[]) v);
        }
    }

    private static Object readValue(ByteReader in, ColumnType type, String what) {
        return switch (type) {
            case BIGINT -> in.i64(what);
            case INT -> in.i32(what);
            case DOUBLE -> in.f64(what);
            case BOOLEAN -> {
                int at = in.position();
                int b = in.u8(what);
                if (b > 1) {
                    throw new IllegalArgumentException("corrupt statistics: " + what + " at offset " + at
                            + " is BOOLEAN byte " + b + ", not 0 or 1");
                }
                yield b == 1;
            }
            case TIMESTAMP -> instant(in, what);
            case DECIMAL -> {
                int scale = in.i32(what + " scale");
                int at = in.position();
                byte[] unscaled = in.bytes(what);
                if (unscaled.length == 0) {
                    throw new IllegalArgumentException("corrupt statistics: " + what + " at offset " + at
                            + " has an empty DECIMAL unscaled value");
                }
                yield new BigDecimal(new BigInteger(unscaled), scale);
            }
            case VARCHAR, TEXT -> in.string(what);
            case BYTEA -> in.bytes(what);
        };
    }

    private static Instant instant(ByteReader in, String what) {
        int at = in.position();
        long seconds = in.i64(what + " seconds");
        int nanos = in.i32(what + " nanos");
        if (nanos < 0 || nanos > 999_999_999 || seconds < Instant.MIN.getEpochSecond()
                || seconds > Instant.MAX.getEpochSecond()) {
            throw new IllegalArgumentException("corrupt statistics: " + what + " at offset " + at
                    + " is not an Instant (" + seconds + " s, " + nanos + " ns)");
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
