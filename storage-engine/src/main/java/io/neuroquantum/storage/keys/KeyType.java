package io.neuroquantum.storage.keys;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * SQL types usable in a key, with the Java type a value must have and the tag byte that
 * starts a non-null component of that type. Layouts are for {@link SortOrder#ASC}; a DESC
 * component is the same bytes complemented. See {@code docs/formats/keys-encoding.md}.
 *
 * <pre>
 * | type      | Java type  | tag  | payload after the tag                                       |
 * |-----------|------------|------|-------------------------------------------------------------|
 * | BIGINT    | Long       | 0x10 | 8 bytes big-endian, sign bit flipped                        |
 * | INT       | Integer    | 0x11 | 4 bytes big-endian, sign bit flipped                        |
 * | DOUBLE    | Double     | 0x12 | 8 bytes: IEEE bits, positives sign-flipped, negatives all   |
 * |           |            |      | bits flipped; -0.0 stored as 0.0, NaN canonical and highest |
 * | DECIMAL   | BigDecimal | 0x13 | class byte (0x01 neg, 0x02 zero, 0x03 pos), then for non-   |
 * |           |            |      | zero: 4-byte exponent + base-100 digits (see DecimalCodec)  |
 * | VARCHAR   | String     | 0x14 | UTF-8, 0x00 escaped as 0x00 0xFF, ended by 0x00 0x01        |
 * | BYTEA     | byte[]     | 0x15 | raw bytes, 0x00 escaped as 0x00 0xFF, ended by 0x00 0x01    |
 * | BOOLEAN   | Boolean    | 0x16 | 1 byte: 0x00 false, 0x01 true                               |
 * | TIMESTAMP | Instant    | 0x17 | micros since the epoch: 8 bytes big-endian, sign flipped    |
 * | (NULL)    | null       | 0xF0 | nothing                                                     |
 * </pre>
 *
 * <p>Every tag, complemented or not, lies in 0x01..0xFE: a key prefix followed by 0xFF is
 * greater than every key that extends the prefix.
 */
public enum KeyType {
    BIGINT(0x10, Long.class),
    INT(0x11, Integer.class),
    DOUBLE(0x12, Double.class),
    DECIMAL(0x13, BigDecimal.class),
    /** VARCHAR and TEXT: ordered by Unicode code point (the order of their UTF-8 bytes). */
    VARCHAR(0x14, String.class),
    BYTEA(0x15, byte[].class),
    BOOLEAN(0x16, Boolean.class),
    TIMESTAMP(0x17, Instant.class);

    /** Tag of a NULL component of any type; above every type tag, so NULL sorts last. */
    static final int NULL_TAG = 0xF0;

    private final int tag;
    private final Class<?> javaType;

    KeyType(int tag, Class<?> javaType) {
        this.tag = tag;
        this.javaType = javaType;
    }

    /** The Java class of values of this type, as accepted by encoding and returned by decoding. */
    public Class<?> javaType() {
        return javaType;
    }

    /** The tag byte of a non-null ASC component of this type. */
    int tag() {
        return tag;
    }
}
