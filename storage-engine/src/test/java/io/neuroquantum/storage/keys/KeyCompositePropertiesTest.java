package io.neuroquantum.storage.keys;

import static io.neuroquantum.storage.keys.KeyTestValues.compareKeys;
import static io.neuroquantum.storage.keys.KeyTestValues.hex;
import static io.neuroquantum.storage.keys.KeyTestValues.sameKey;
import static io.neuroquantum.storage.keys.KeyTestValues.sign;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Composite keys with mixed types, directions and NULLs, against the reference comparator. */
class KeyCompositePropertiesTest {

    /** A schema and two keys for it; {@code b} often shares a leading part of {@code a}. */
    record Case(List<KeyColumn> columns, List<Object> a, List<Object> b) {
        KeySchema schema() {
            return new KeySchema(columns);
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return KeyTestValues.columns().list().ofMinSize(1).ofMaxSize(4).flatMap(columns -> {
            Arbitrary<List<Object>> key = KeyTestValues.keys(columns, 0.2);
            return Combinators.combine(key, key, Arbitraries.integers().between(0, columns.size()))
                    .as((a, b, shared) -> {
                        List<Object> mixed = new ArrayList<>(a.subList(0, shared));
                        mixed.addAll(b.subList(shared, b.size()));
                        return new Case(columns, a, mixed);
                    })
                    .withoutEdgeCases();
        });
    }

    @Property(tries = 3000)
    void byteOrderIsSqlOrder(@ForAll("cases") Case c) {
        KeySchema schema = c.schema();
        byte[] ea = schema.encode(c.a());
        byte[] eb = schema.encode(c.b());
        assertThat(sign(Arrays.compareUnsigned(ea, eb)))
                .as("%s: %s [%s] vs %s [%s]", c.columns(), c.a(), hex(ea), c.b(), hex(eb))
                .isEqualTo(sign(compareKeys(c.columns(), c.a(), c.b())));
    }

    @Property(tries = 2000)
    void decodeGivesTheKeyBack(@ForAll("cases") Case c) {
        KeySchema schema = c.schema();
        byte[] key = schema.encode(c.a());
        List<Object> back = schema.decode(key);
        assertThat(sameKey(c.columns(), c.a(), back)).as("%s decoded as %s", c.a(), back).isTrue();
        assertThat(schema.encode(back)).isEqualTo(key);
        assertThat(sameKey(c.columns(), c.a(), schema.decodePrefix(key))).isTrue();
    }

    @Property(tries = 2000)
    void prefixIsAByteprefixAndSortsFirst(@ForAll("cases") Case c) {
        KeySchema schema = c.schema();
        byte[] full = schema.encode(c.a());
        for (int k = 0; k <= c.columns().size(); k++) {
            List<Object> prefixValues = c.a().subList(0, k);
            byte[] prefix = schema.encodePrefix(prefixValues);
            assertThat(Arrays.copyOf(full, prefix.length)).isEqualTo(prefix);
            assertThat(sign(Arrays.compareUnsigned(prefix, full))).isEqualTo(k < c.columns().size() ? -1 : 0);
            assertThat(sameKey(c.columns(), prefixValues, schema.decodePrefix(prefix))).isTrue();
            // prefix || 0xFF is above every key that extends the prefix, and below the rest as usual
            byte[] upper = Arrays.copyOf(prefix, prefix.length + 1);
            upper[prefix.length] = (byte) 0xFF;
            if (k < c.columns().size()) {
                assertThat(Arrays.compareUnsigned(full, upper)).isNegative();
            }
        }
    }

    @Property(tries = 2000)
    void prefixKeysAgainstOtherKeysFollowTheReference(@ForAll("cases") Case c, @ForAll("cut") int cut) {
        KeySchema schema = c.schema();
        List<Object> prefix = c.a().subList(0, Math.min(cut, c.a().size()));
        byte[] ep = schema.encodePrefix(prefix);
        byte[] eb = schema.encode(c.b());
        assertThat(sign(Arrays.compareUnsigned(ep, eb)))
                .as("%s: %s vs %s", c.columns(), prefix, c.b())
                .isEqualTo(sign(compareKeys(c.columns(), prefix, c.b())));
    }

    @Provide
    Arbitrary<Integer> cut() {
        return Arbitraries.integers().between(0, 4);
    }
}
