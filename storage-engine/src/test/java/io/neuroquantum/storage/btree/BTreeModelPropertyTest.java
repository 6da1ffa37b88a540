package io.neuroquantum.storage.btree;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.storage.api.EngineOptions;
import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.TreeCursor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Random sequences of put / insert / delete / get / range scans / reopen against
 * {@link TreeMap} as the model, with the structural checker after every sequence.
 * Small key alphabet so that sequences revisit keys; values from empty to several pages
 * (overflow chains); a small buffer pool so eviction and reloads happen.
 */
class BTreeModelPropertyTest {

    private Path dir;

    @BeforeProperty
    void setUp() throws IOException {
        dir = Files.createTempDirectory("nq-btree-prop");
    }

    @AfterProperty
    void tearDown() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    sealed interface Op permits Put, Insert, Delete, Get, Scan, Reopen {
    }

    record Put(byte[] key, byte[] value) implements Op {
        @Override
        public String toString() {
            return "put(" + Arrays.toString(key) + ", " + value.length + "B)";
        }
    }

    record Insert(byte[] key, byte[] value) implements Op {
        @Override
        public String toString() {
            return "insert(" + Arrays.toString(key) + ", " + value.length + "B)";
        }
    }

    record Delete(byte[] key) implements Op {
        @Override
        public String toString() {
            return "delete(" + Arrays.toString(key) + ")";
        }
    }

    record Get(byte[] key) implements Op {
    }

    record Scan(byte[] from, boolean fromInclusive, byte[] to, boolean toInclusive, boolean descending) implements Op {
    }

    record Reopen() implements Op {
    }

    @Provide
    Arbitrary<byte[]> keys() {
        // Mostly short keys over a small alphabet (collisions), sometimes long ones.
        Arbitrary<byte[]> shortKeys = Arbitraries.bytes().between((byte) 0, (byte) 7).array(byte[].class).ofMinSize(0).ofMaxSize(3);
        Arbitrary<byte[]> longKeys = Arbitraries.bytes().array(byte[].class).ofMinSize(20).ofMaxSize(300);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, shortKeys), net.jqwik.api.Tuple.of(1, longKeys));
    }

    @Provide
    Arbitrary<byte[]> values() {
        Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(120);
        Arbitrary<byte[]> large = Arbitraries.integers().between(900, 20_000).map(n -> {
            byte[] v = new byte[n];
            Arrays.fill(v, (byte) (n % 251));
            v[0] = (byte) (n & 0xff);
            return v;
        });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, small), net.jqwik.api.Tuple.of(1, large));
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> put = Combinators.combine(keys(), values()).as(Put::new);
        Arbitrary<Op> insert = Combinators.combine(keys(), values()).as(Insert::new);
        Arbitrary<Op> delete = keys().map(Delete::new);
        Arbitrary<Op> get = keys().map(Get::new);
        Arbitrary<Op> scan = Combinators.combine(keys().injectNull(0.2), Arbitraries.of(true, false),
                keys().injectNull(0.2), Arbitraries.of(true, false), Arbitraries.of(true, false)).as(Scan::new);
        Arbitrary<Op> reopen = Arbitraries.just(new Reopen());
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(40, put), net.jqwik.api.Tuple.of(10, insert), net.jqwik.api.Tuple.of(30, delete),
                net.jqwik.api.Tuple.of(10, get), net.jqwik.api.Tuple.of(6, scan), net.jqwik.api.Tuple.of(1, reopen))
                .list().ofMinSize(1).ofMaxSize(600);
    }

    @Property(tries = 60)
    void behavesLikeATreeMap(@ForAll("ops") List<Op> ops) {
        Path file = dir.resolve("t" + System.nanoTime() + ".nq");
        EngineOptions options = EngineOptions.defaults().withBufferPoolBytes(64 * 4096);
        NavigableMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
        StorageEngine engine = StorageEngine.open(file, options);
        KvTree tree = engine.createTree("t");
        try {
            for (Op op : ops) {
                switch (op) {
                    case Put p -> {
                        tree.put(p.key(), p.value());
                        model.put(p.key(), p.value());
                    }
                    case Insert p -> assertThat(tree.insert(p.key(), p.value())).isEqualTo(model.putIfAbsent(p.key(), p.value()) == null);
                    case Delete d -> assertThat(tree.delete(d.key())).isEqualTo(model.remove(d.key()) != null);
                    case Get g -> assertThat(tree.get(g.key())).isEqualTo(model.get(g.key()));
                    case Scan s -> assertScan(tree, model, s);
                    case Reopen r -> {
                        engine.close();
                        engine = StorageEngine.open(file, options);
                        tree = engine.openTree("t");
                    }
                }
            }
            assertScan(tree, model, new Scan(null, true, null, true, false));
            assertScan(tree, model, new Scan(null, true, null, true, true));
            engine.check();
        } finally {
            engine.close();
        }
    }

    private static void assertScan(KvTree tree, NavigableMap<byte[], byte[]> model, Scan s) {
        KeyRange range = new KeyRange(s.from(), s.fromInclusive(), s.to(), s.toInclusive());
        NavigableMap<byte[], byte[]> inRange = new TreeMap<>(Arrays::compareUnsigned);
        model.forEach((k, v) -> {
            boolean aboveLower = s.from() == null || Arrays.compareUnsigned(k, s.from()) > 0
                    || (s.fromInclusive() && Arrays.equals(k, s.from()));
            boolean belowUpper = s.to() == null || Arrays.compareUnsigned(k, s.to()) < 0
                    || (s.toInclusive() && Arrays.equals(k, s.to()));
            if (aboveLower && belowUpper) {
                inRange.put(k, v);
            }
        });
        NavigableMap<byte[], byte[]> expected = inRange;
        if (s.descending()) {
            expected = expected.descendingMap();
        }
        List<Map.Entry<byte[], byte[]>> actual = new ArrayList<>();
        try (TreeCursor c = tree.scan(range, s.descending())) {
            while (c.next()) {
                actual.add(Map.entry(c.key(), c.value()));
            }
        }
        assertThat(actual).hasSize(expected.size());
        int i = 0;
        for (Map.Entry<byte[], byte[]> e : expected.entrySet()) {
            assertThat(actual.get(i).getKey()).as("key %d of %s", i, s).isEqualTo(e.getKey());
            assertThat(actual.get(i).getValue()).as("value %d of %s", i, s).isEqualTo(e.getValue());
            i++;
        }
    }
}
