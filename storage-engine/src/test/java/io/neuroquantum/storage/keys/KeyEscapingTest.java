package io.neuroquantum.storage.keys;

import static io.neuroquantum.storage.keys.KeyTestValues.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Variable-length components are self-delimiting: the classic prefix and 0x00 hazards. */
class KeyEscapingTest {

    @ParameterizedTest
    @EnumSource(SortOrder.class)
    void shorterStringSortsFirstWhateverFollows(SortOrder order) {
        KeySchema schema = KeySchema.of(new KeyColumn(KeyType.VARCHAR, order), KeyColumn.asc(KeyType.BIGINT));
        assertInOrder(order, schema.encode("a", 2L), schema.encode("ab", 1L));
        assertInOrder(order, schema.encode("a", 2L), schema.encode("a\0", 1L));
        assertInOrder(order, schema.encode("a\0", 2L), schema.encode("a\0\0", 1L));
        assertInOrder(order, schema.encode("a\0", 9L), schema.encode("a\u0001", 1L));
        assertInOrder(order, schema.encode("", 9L), schema.encode("\0", 1L));
    }

    @ParameterizedTest
    @EnumSource(SortOrder.class)
    void shorterByteaSortsFirstWhateverFollows(SortOrder order) {
        KeySchema schema = KeySchema.of(new KeyColumn(KeyType.BYTEA, order), KeyColumn.asc(KeyType.INT));
        byte[] a = {'a'};
        assertInOrder(order, schema.encode(a, 2), schema.encode(new byte[] {'a', 'b'}, 1));
        assertInOrder(order, schema.encode(a, 2), schema.encode(new byte[] {'a', 0}, 1));
        assertInOrder(order, schema.encode(new byte[] {'a', 0}, 2), schema.encode(new byte[] {'a', 0, 0}, 1));
        assertInOrder(order, schema.encode(new byte[] {0}, 2), schema.encode(new byte[] {0, 1}, 1));
        assertInOrder(order, schema.encode(new byte[] {0, 1}, 2), schema.encode(new byte[] {0, (byte) 0xFF}, 1));
        assertInOrder(order, schema.encode(new byte[] {}, 2), schema.encode(new byte[] {0}, 1));
        assertInOrder(order, schema.encode(new byte[] {(byte) 0xFF}, 2), schema.encode(new byte[] {(byte) 0xFF, 0}, 1));
    }

    @Test
    void escapesAndTerminatorAreAsDocumented() {
        KeySchema bytea = KeySchema.of(KeyColumn.asc(KeyType.BYTEA));
        assertThat(hex(bytea.encode((Object) new byte[] {0, 1, (byte) 0xFF})))
                .isEqualTo("15 00 FF 01 FF 00 01");
        KeySchema text = KeySchema.of(KeyColumn.desc(KeyType.VARCHAR));
        assertThat(hex(text.encode("a\0"))).isEqualTo("EB 9E FF 00 FF FE");
    }

    @Test
    void stringsWithEmbeddedNulsRoundTrip() {
        KeySchema schema = KeySchema.of(KeyColumn.asc(KeyType.VARCHAR), KeyColumn.desc(KeyType.VARCHAR));
        for (String s : List.of("", "\0", "\0\0", "a\0", "\0a", "a\0\u0001b", "\u0001\0\uFFFF\uD83D\uDE00")) {
            assertThat(schema.decode(schema.encode(s, s))).containsExactly(s, s);
        }
    }

    @Test
    void supplementaryCharactersSortAfterTheBmpAsCodePoints() {
        // UTF-16 order puts U+FFFF above U+1F600 (surrogates are 0xD8xx); code-point order does not
        KeySchema schema = KeySchema.of(KeyColumn.asc(KeyType.VARCHAR));
        assertThat(Arrays.compareUnsigned(schema.encode("\uFFFF"), schema.encode("\uD83D\uDE00"))).isNegative();
        assertThat(Arrays.compareUnsigned(schema.encode("\uE000"), schema.encode("\uD800\uDC00"))).isNegative();
    }

    private static void assertInOrder(SortOrder order, byte[] lower, byte[] higher) {
        // For DESC the first column's order reverses; the keys are listed in ASC order.
        int expected = order == SortOrder.ASC ? -1 : 1;
        assertThat(Integer.signum(Arrays.compareUnsigned(lower, higher)))
                .as("[%s] vs [%s]", hex(lower), hex(higher))
                .isEqualTo(expected);
    }
}
