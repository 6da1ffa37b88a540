package io.neuroquantum.storage.keys;

import static io.neuroquantum.storage.keys.KeyTestValues.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Malformed input only ever fails with an {@link IllegalArgumentException} naming the component;
 * whatever does decode is canonical (encodes back to the very same bytes).
 */
class KeyHostileDecodeTest {

    @Provide
    Arbitrary<List<KeyColumn>> schemas() {
        return KeyTestValues.columns().list().ofMinSize(1).ofMaxSize(4);
    }

    /** Bytes that look like keys: tags (plain and complemented), escape bytes, anything. */
    @Provide
    Arbitrary<byte[]> hostileBytes() {
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of((byte) 0x10, (byte) 0x11, (byte) 0x12, (byte) 0x13, (byte) 0x14,
                        (byte) 0x15, (byte) 0x16, (byte) 0x17, (byte) 0xF0, (byte) 0xEF, (byte) 0xEE,
                        (byte) 0xED, (byte) 0xEC, (byte) 0xEB, (byte) 0xEA, (byte) 0xE9, (byte) 0xE8, (byte) 0x0F)),
                Tuple.of(3, Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x02, (byte) 0x03, (byte) 0xFF,
                        (byte) 0xFE, (byte) 0xFD, (byte) 0xFC, (byte) 0x80, (byte) 0x7F)),
                Tuple.of(4, Arbitraries.bytes()));
        return b.list().ofMaxSize(40).map(KeyHostileDecodeTest::toArray);
    }

    @Property(tries = 5000)
    void randomBytesDecodeCanonicallyOrFailCleanly(
            @ForAll("schemas") List<KeyColumn> columns, @ForAll("hostileBytes") byte[] bytes) {
        assertDecodesCanonicallyOrFailsCleanly(new KeySchema(columns), bytes);
    }

    @Provide
    Arbitrary<Tuple.Tuple2<List<KeyColumn>, List<Object>>> validKeys() {
        return schemas().flatMap(columns -> KeyTestValues.keys(columns, 0.2).map(v -> Tuple.of(columns, v)));
    }

    @Property(tries = 5000)
    void mutatedKeysDecodeCanonicallyOrFailCleanly(
            @ForAll("validKeys") Tuple.Tuple2<List<KeyColumn>, List<Object>> t,
            @ForAll @IntRange(min = 0, max = 1000) int position,
            @ForAll byte value,
            @ForAll @IntRange(min = 0, max = 3) int how) {
        KeySchema schema = new KeySchema(t.get1());
        assertDecodesCanonicallyOrFailsCleanly(schema, mutate(schema.encode(t.get2()), position, value, how));
    }

    @Property(tries = 1000)
    void everyTruncationOfAFullKeyIsRejected(@ForAll("validKeys") Tuple.Tuple2<List<KeyColumn>, List<Object>> t) {
        KeySchema schema = new KeySchema(t.get1());
        byte[] key = schema.encode(t.get2());
        for (int n = 0; n < key.length; n++) {
            byte[] truncated = Arrays.copyOf(key, n);
            assertThatThrownBy(() -> schema.decode(truncated))
                    .as("decode of [%s]", hex(truncated))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("key component ");
            // as a prefix key it decodes exactly when cut at a component boundary
            assertDecodesCanonicallyOrFailsCleanly(schema, truncated);
        }
    }

    @Test
    void messagesNameTheComponentAndTheProblem() {
        KeySchema schema = KeySchema.of(KeyColumn.asc(KeyType.BIGINT), KeyColumn.desc(KeyType.VARCHAR),
                KeyColumn.asc(KeyType.BOOLEAN));
        byte[] good = schema.encode(1L, "x", true);

        assertThatThrownBy(() -> schema.decode(Arrays.copyOf(good, 5)))
                .hasMessage("key component 0: truncated: BIGINT needs 8 bytes after the tag, 4 left");
        assertThatThrownBy(() -> schema.decode(Arrays.copyOf(good, 9)))
                .hasMessage("key component 1: missing: the key ends before this VARCHAR component");
        assertThatThrownBy(() -> schema.decode(Arrays.copyOf(good, 11)))
                .hasMessage("key component 1: truncated: unterminated VARCHAR (no 0x00 0x01 terminator)");
        byte[] badTag = good.clone();
        badTag[9] = 0x14; // an ASC VARCHAR tag where a DESC one belongs
        assertThatThrownBy(() -> schema.decode(badTag))
                .hasMessage("key component 1: expected tag 0xEB (VARCHAR DESC) or 0x0F (NULL DESC), found 0x14");
        byte[] badBool = good.clone();
        badBool[good.length - 1] = 2;
        assertThatThrownBy(() -> schema.decode(badBool))
                .hasMessage("key component 2: invalid BOOLEAN byte 0x02 (expected 0x00 or 0x01)");
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> schema.decode(trailing))
                .hasMessage("key component 3: 1 unexpected trailing byte(s) after the last expected component");
        byte[] badEscape = good.clone();
        badEscape[12] = (byte) 0xFD; // DESC 0x00 0x02 instead of the terminator 0x00 0x01
        assertThatThrownBy(() -> schema.decode(badEscape))
                .hasMessageStartingWith("key component 1: invalid escape 0x00 0x02 in VARCHAR");
    }

    @Test
    void nonCanonicalAndInvalidPayloadsAreRejected() {
        KeySchema dbl = KeySchema.of(KeyColumn.asc(KeyType.DOUBLE));
        assertThatThrownBy(() -> dbl.decode(bytes(0x12, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)))
                .hasMessage("key component 0: non-canonical DOUBLE: -0.0 is stored as 0.0");
        assertThatThrownBy(() -> dbl.decode(bytes(0x12, 0xFF, 0xF0, 0, 0, 0, 0, 0, 1)))
                .hasMessageStartingWith("key component 0: non-canonical DOUBLE: NaN");

        KeySchema dec = KeySchema.of(KeyColumn.asc(KeyType.DECIMAL));
        assertThatThrownBy(() -> dec.decode(bytes(0x13, 0x04)))
                .hasMessageStartingWith("key component 0: invalid DECIMAL class byte 0x04");
        assertThatThrownBy(() -> dec.decode(bytes(0x13, 0x03, 0x80, 0, 0, 1, 0x02))) // 0.01 digits "01"
                .hasMessage("key component 0: non-canonical DECIMAL: leading zero digit");
        assertThatThrownBy(() -> dec.decode(bytes(0x13, 0x03, 0x80, 0, 0, 1, 0x15, 0x00))) // "10" "00"
                .hasMessage("key component 0: non-canonical DECIMAL: trailing zero digits");
        assertThatThrownBy(() -> dec.decode(bytes(0x13, 0x03, 0x80, 0, 0, 1, 0xC8)))
                .hasMessage("key component 0: invalid DECIMAL digit pair 100 (must be 0..99)");
        assertThatThrownBy(() -> dec.decode(bytes(0x13, 0x03, 0x80, 0, 0, 1, 0x15)))
                .hasMessage("key component 0: truncated: the key ends inside the component");
        assertThatThrownBy(() -> dec.decode(bytes(0x13, 0x03, 0x00, 0, 0, 0, 0x15, 0x14))) // E = MIN_INT, 4 digits
                .hasMessageStartingWith("key component 0: DECIMAL scale");

        KeySchema text = KeySchema.of(KeyColumn.asc(KeyType.VARCHAR));
        assertThatThrownBy(() -> text.decode(bytes(0x14, 0xC0, 0x80, 0x00, 0x01))) // overlong NUL
                .hasMessage("key component 0: VARCHAR is not valid UTF-8");
        assertThatThrownBy(() -> text.decode(bytes(0x14, 0xED, 0xA0, 0x80, 0x00, 0x01))) // a surrogate
                .hasMessage("key component 0: VARCHAR is not valid UTF-8");

        KeySchema nullable = KeySchema.of(KeyColumn.asc(KeyType.INT));
        assertThatThrownBy(() -> nullable.decode(new byte[0]))
                .hasMessage("key component 0: missing: the key ends before this INT component");
    }

    private static void assertDecodesCanonicallyOrFailsCleanly(KeySchema schema, byte[] bytes) {
        for (boolean prefix : new boolean[] {false, true}) {
            List<Object> values;
            try {
                values = prefix ? schema.decodePrefix(bytes) : schema.decode(bytes);
            } catch (IllegalArgumentException e) {
                assertThat(e).as("decoding [%s]", hex(bytes)).isExactlyInstanceOf(IllegalArgumentException.class);
                assertThat(e.getMessage()).startsWith("key component ");
                continue;
            }
            byte[] again = prefix ? schema.encodePrefix(values) : schema.encode(values);
            assertThat(hex(again)).as("re-encoding %s", values).isEqualTo(hex(bytes));
        }
    }

    private static byte[] mutate(byte[] key, int pos, byte value, int how) {
        int p = pos % (key.length + 1);
        return switch (how) {
            case 0 -> { // overwrite
                byte[] k = key.clone();
                if (p < k.length) {
                    k[p] = value;
                }
                yield k;
            }
            case 1 -> { // insert
                byte[] k = new byte[key.length + 1];
                System.arraycopy(key, 0, k, 0, p);
                k[p] = value;
                System.arraycopy(key, p, k, p + 1, key.length - p);
                yield k;
            }
            case 2 -> { // delete
                if (p == key.length) {
                    yield key;
                }
                byte[] k = new byte[key.length - 1];
                System.arraycopy(key, 0, k, 0, p);
                System.arraycopy(key, p + 1, k, p, key.length - p - 1);
                yield k;
            }
            default -> Arrays.copyOf(key, p); // truncate
        };
    }

    private static byte[] toArray(List<Byte> list) {
        byte[] out = new byte[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
