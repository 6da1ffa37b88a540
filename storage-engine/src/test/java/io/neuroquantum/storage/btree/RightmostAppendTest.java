package io.neuroquantum.storage.btree;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.storage.api.EngineOptions;
import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.TreeCursor;
import java.io.IOException;
import java.nio.ByteBuffer;
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
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rightmost-leaf fast path for appends ({@code BTree.latchForAppend}): a stale hint must
 * never send a key into a leaf that no longer is this tree's rightmost, in particular into a
 * page that was freed by a merge and reused by another tree.
 */
class RightmostAppendTest {

    private Path dir;

    @BeforeProperty
    void setUp() throws IOException {
        dir = Files.createTempDirectory("nq-rightmost");
    }

    @AfterProperty
    void tearDown() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Tree a's rightmost leaf is merged away and freed while a's hint still names it; tree b
     * reuses the page as its own rightmost leaf; then a appends a key above everything in b:
     * it must land in a, not in b's leaf.
     */
    @Test
    void freedRightmostLeafReusedByAnotherTree(@TempDir Path tmp) {
        try (StorageEngine engine = StorageEngine.open(tmp.resolve("t.nq"), EngineOptions.defaults())) {
            BTree a = (BTree) engine.createTree("a");
            BTree b = (BTree) engine.createTree("b");
            byte[] value = new byte[100];
            for (long k = 0; k < 5_000; k++) {
                a.put(key(k), value);
            }
            // descending deletes shrink a's rightmost leaf until it merges into its left
            // sibling and is freed; the delete's first (optimistic) descent noted it as the hint
            long free = engine.check().freePages();
            long last = 4_999;
            while (engine.check().freePages() == free) {
                assertThat(a.delete(key(last--))).isTrue();
            }
            long stale = a.appendHint();
            assertThat(stale).isPositive();
            long bKey = 0;
            while (b.appendHint() != stale && bKey < 20_000) {
                b.put(key(bKey++), value); // b's descents note b's rightmost leaf
            }
            assertThat(b.appendHint()).as("b's rightmost leaf reuses a's freed one").isEqualTo(stale);
            for (long k = 30_000; k < 30_200; k++) {
                a.put(key(k), value);
            }
            for (long k = 30_000; k < 30_200; k++) {
                assertThat(a.get(key(k))).isNotNull();
                assertThat(b.get(key(k))).isNull();
            }
            assertThat(count(a)).isEqualTo(last + 1 + 200);
            assertThat(count(b)).isEqualTo(bKey);
            engine.check();
        }
    }

    sealed interface Op permits Append, DeleteRange, Reopen {
    }

    /** {@code n} keys above everything tree {@code t} ever held (ascending inserts). */
    record Append(int t, int n, int valueSize) implements Op {
    }

    /** Deletes keys in [from, to) of tree {@code t}, as fractions of its key space. */
    record DeleteRange(int t, double from, double to) implements Op {
    }

    record Reopen() implements Op {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> tree = Arbitraries.integers().between(0, 2);
        Arbitrary<Op> append = Combinators.combine(tree, Arbitraries.integers().between(1, 400),
                Arbitraries.of(8, 100, 900, 3_000)).as(Append::new);
        // half of the deletes take a suffix: they merge away the rightmost leaf the hint names
        Arbitrary<Op> delete = Combinators.combine(tree, Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0, 1).injectNull(0.5)).as((t, x, y) -> y == null ? new DeleteRange(t, x, 1)
                                : new DeleteRange(t, Math.min(x, y), Math.max(x, y)));
        return Arbitraries.frequencyOf(Tuple.of(6, append), Tuple.of(3, delete), Tuple.of(1, Arbitraries.just(new Reopen())))
                .list().ofMinSize(1).ofMaxSize(40);
    }

    /** Appends and range deletes over three trees in one file, against TreeMaps. */
    @Property(tries = 40)
    void appendsAndMergesAcrossTreesBehaveLikeTreeMaps(@ForAll("ops") List<Op> ops) {
        Path file = dir.resolve("t" + System.nanoTime() + ".nq");
        EngineOptions options = EngineOptions.defaults().withBufferPoolBytes(128 * 4096);
        List<NavigableMap<byte[], byte[]>> models = new ArrayList<>();
        long[] next = new long[3];
        StorageEngine engine = StorageEngine.open(file, options);
        List<KvTree> trees = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            trees.add(engine.createTree("t" + t));
            models.add(new TreeMap<>(Arrays::compareUnsigned));
        }
        try {
            for (Op op : ops) {
                switch (op) {
                    case Append a -> {
                        for (int i = 0; i < a.n(); i++) {
                            byte[] k = key(next[a.t()]++);
                            byte[] v = value(next[a.t()], a.valueSize());
                            trees.get(a.t()).put(k, v);
                            models.get(a.t()).put(k, v);
                        }
                    }
                    case DeleteRange d -> {
                        long lo = (long) (d.from() * next[d.t()]);
                        long hi = (long) (d.to() * next[d.t()]);
                        for (long k = lo; k < hi; k++) {
                            boolean present = models.get(d.t()).remove(key(k)) != null;
                            assertThat(trees.get(d.t()).delete(key(k))).isEqualTo(present);
                        }
                    }
                    case Reopen r -> {
                        engine.close();
                        engine = StorageEngine.open(file, options);
                        for (int t = 0; t < 3; t++) {
                            trees.set(t, engine.openTree("t" + t));
                        }
                    }
                }
            }
            for (int t = 0; t < 3; t++) {
                assertSame(trees.get(t), models.get(t));
            }
            engine.check();
        } finally {
            engine.close();
        }
    }

    private static void assertSame(KvTree tree, NavigableMap<byte[], byte[]> model) {
        List<Map.Entry<byte[], byte[]>> actual = new ArrayList<>();
        try (TreeCursor c = tree.scan(KeyRange.all(), false)) {
            while (c.next()) {
                actual.add(Map.entry(c.key(), c.value()));
            }
        }
        assertThat(actual).hasSize(model.size());
        int i = 0;
        for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
            assertThat(actual.get(i).getKey()).isEqualTo(e.getKey());
            assertThat(actual.get(i).getValue()).isEqualTo(e.getValue());
            i++;
        }
    }

    private static long count(KvTree tree) {
        long n = 0;
        try (TreeCursor c = tree.scan(KeyRange.all(), false)) {
            while (c.next()) {
                n++;
            }
        }
        return n;
    }

    private static byte[] key(long k) {
        return ByteBuffer.allocate(8).putLong(k).array();
    }

    private static byte[] value(long k, int size) {
        byte[] v = new byte[size];
        Arrays.fill(v, (byte) k);
        return v;
    }
}
