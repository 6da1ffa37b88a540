package io.neuroquantum.storage.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** {@link LongKey} produces exactly the general encoding of a single BIGINT ASC key. */
class KeyLongFastPathTest {

    private static final KeySchema SCHEMA = KeySchema.of(KeyColumn.asc(KeyType.BIGINT));

    @Property
    void sameBytesAsTheGeneralPath(@ForAll long v) {
        byte[] key = LongKey.encode(v);
        assertThat(key).hasSize(LongKey.LENGTH).isEqualTo(SCHEMA.encode(v));
        assertThat(LongKey.decode(key)).isEqualTo(v);
        assertThat(SCHEMA.decode(key)).containsExactly(v);
        assertThat(LongKey.decode(SCHEMA.encode(v))).isEqualTo(v);
    }

    @Property
    void orderIsNumericOrder(@ForAll long a, @ForAll long b) {
        assertThat(Integer.signum(Arrays.compareUnsigned(LongKey.encode(a), LongKey.encode(b))))
                .isEqualTo(Long.signum(Long.compare(a, b)));
    }

    @Property
    void inPlaceEncodeAndDecode(@ForAll long v) {
        byte[] page = new byte[32];
        LongKey.encode(v, page, 11);
        assertThat(Arrays.copyOfRange(page, 11, 20)).isEqualTo(LongKey.encode(v));
        assertThat(LongKey.decode(page, 11)).isEqualTo(v);
    }

    @Test
    void layout() {
        assertThat(KeyTestValues.hex(LongKey.encode(1))).isEqualTo("10 80 00 00 00 00 00 00 01");
        assertThat(KeyTestValues.hex(LongKey.encode(-1))).isEqualTo("10 7F FF FF FF FF FF FF FF");
        assertThat(KeyTestValues.hex(LongKey.encode(Long.MIN_VALUE))).isEqualTo("10 00 00 00 00 00 00 00 00");
    }

    @Test
    void malformedInputIsRejected() {
        assertThatThrownBy(() -> LongKey.decode(new byte[8]))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("key component 0: truncated: a BIGINT key is 9 bytes, got 8");
        assertThatThrownBy(() -> LongKey.decode(new byte[10]))
                .hasMessage("key component 1: 1 unexpected trailing byte(s) after the BIGINT key");
        assertThatThrownBy(() -> LongKey.decode(SCHEMA.encode((Object) null)))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LongKey.decode(new byte[9]))
                .hasMessage("key component 0: expected tag 0x10 (BIGINT ASC), found 0x00");
        assertThatThrownBy(() -> LongKey.decode(new byte[12], 4))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> LongKey.decode(new byte[12], -1))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LongKey.encode(1, new byte[12], 4)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
