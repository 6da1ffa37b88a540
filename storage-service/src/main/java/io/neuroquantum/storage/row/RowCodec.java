package io.neuroquantum.storage.row;

import io.neuroquantum.storage.catalog.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The row format: a list of typed values (some NULL) as bytes. Layout (multi-byte integers
 * big-endian; see {@code docs/formats/row.md}):
 *
 * <pre>
 * | u8 format = 1 | u16 schema version | u16 n = value count | null bitmap: ceil(n/8) bytes |
 * | value 0 | value 1 | ... |   (NULL values take no bytes; bit i of byte i/8, LSB first, set = NULL)
 *
 * BIGINT, TIMESTAMP (micros): 8 bytes; INT: 4; DOUBLE: 8 (IEEE bits); BOOLEAN: 1 (0/1)
 * VARCHAR, TEXT (UTF-8), BYTEA: varint length, bytes
 * DECIMAL: varint length, then zigzag-varint scale and the unscaled value's two's complement
 * </pre>
 *
 * <p>{@code n} is stored so rows written before a column was added can still be read (the
 * missing trailing values are NULL). Stateless and thread-safe.
 */
public final class RowCodec {

    public static final int FORMAT = 1;
    private static final int HEADER = 5;

    private final List<ColumnType> types;
    private final int version;

    /** A codec for values of {@code types}, stamping {@code version} into what it writes. */
    public RowCodec(List<ColumnType> types, int version) {
        this.types = List.copyOf(types);
        this.version = version;
    }

    /** Encodes {@code values[positions[i]]} as value i (values already of each type's Java class). */
    public byte[] encode(Object[] values, int[] positions) {
        int n = positions.length;
        ByteSink out = new ByteSink(HEADER + (n + 7) / 8 + 8 * n);
        out.u8(FORMAT);
        out.u16(version);
        out.u16(n);
        int bitmapAt = out.size();
        out.skip((n + 7) / 8);
        for (int i = 0; i < n; i++) {
            Object v = values[positions[i]];
            if (v == null) {
                out.setBit(bitmapAt, i);
                continue;
            }
            switch (types.get(i)) {
                case BIGINT -> out.i64((Long) v);
                case INT -> out.i32((Integer) v);
                case DOUBLE -> out.i64(Double.doubleToRawLongBits((Double) v));
                case BOOLEAN -> out.u8((Boolean) v ? 1 : 0);
                case TIMESTAMP -> out.i64(Values.micros((Instant) v));
                case VARCHAR, TEXT -> out.bytes(((String) v).getBytes(StandardCharsets.UTF_8));
                case BYTEA -> out.bytes((byte[]) v);
                case DECIMAL -> out.bytes(decimal((BigDecimal) v));
            }
        }
        return out.toByteArray();
    }

    /**
     * Decodes into {@code target[positions[i]]} for every value i whose {@code wanted[i]} is
     * true (null: all), skipping the others without materialising them.
     *
     * @throws IllegalArgumentException if the bytes are not a row of this codec's layout
     */
    public void decode(byte[] row, Object[] target, int[] positions, boolean[] wanted) {
        if (row.length < HEADER || (row[0] & 0xFF) != FORMAT) {
            throw new IllegalArgumentException("not a row (format byte " + (row.length == 0 ? "missing" : row[0]) + ")");
        }
        ByteSource in = new ByteSource(row, 3);
        int n = in.u16();
        if (n > types.size()) {
            throw new IllegalArgumentException("row has " + n + " values, schema has " + types.size());
        }
        int bitmapAt = in.position();
        in.skip((n + 7) / 8);
        for (int i = 0; i < positions.length; i++) {
            boolean want = wanted == null || wanted[i];
            if (i >= n || (row[bitmapAt + i / 8] & (1 << (i % 8))) != 0) {
                if (want) {
                    target[positions[i]] = null;
                }
                continue;
            }
            ColumnType type = types.get(i);
            if (!want) {
                switch (type) {
                    case BIGINT, DOUBLE, TIMESTAMP -> in.skip(8);
                    case INT -> in.skip(4);
                    case BOOLEAN -> in.skip(1);
                    default -> in.skip(in.varint());
                }
                continue;
            }
            target[positions[i]] = switch (type) {
                case BIGINT -> in.i64();
                case INT -> in.i32();
                case DOUBLE -> Double.longBitsToDouble(in.i64());
                case BOOLEAN -> in.u8() != 0;
                case TIMESTAMP -> Values.fromMicros(in.i64());
                case VARCHAR, TEXT -> new String(in.bytes(), StandardCharsets.UTF_8);
                case BYTEA -> in.bytes();
                case DECIMAL -> decimal(in.bytes());
            };
        }
    }

    private static byte[] decimal(BigDecimal d) {
        byte[] unscaled = d.unscaledValue().toByteArray();
        ByteSink s = new ByteSink(unscaled.length + 5);
        s.varint((d.scale() << 1) ^ (d.scale() >> 31));
        s.raw(unscaled);
        return s.toByteArray();
    }

    private static BigDecimal decimal(byte[] bytes) {
        ByteSource s = new ByteSource(bytes, 0);
        int zz = s.varint();
        int scale = (zz >>> 1) ^ -(zz & 1);
        byte[] unscaled = s.rest();
        if (unscaled.length == 0) {
            throw new IllegalArgumentException("decimal without digits");
        }
        return new BigDecimal(new BigInteger(unscaled), scale);
    }
}
