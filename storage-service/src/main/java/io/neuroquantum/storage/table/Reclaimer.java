package io.neuroquantum.storage.table;

import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.TreeCursor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Empties trees nobody references any more and puts them on the free list.
 *
 * <p>A dropped table's trees wait until every transaction that began before the drop
 * committed has ended (transaction ids grow, so: until the oldest running id is above the
 * dropper's), because such a transaction may still read or even write them. Emptying uses
 * the engine's logged, lock-free tree operations on a background thread; the free-list entry
 * is added after the last delete, so a crash in between leaves an orphan that the next open
 * reclaims again.
 */
final class Reclaimer implements AutoCloseable {

    private record Pending(String tree, long committedBy) {
    }

    private final StorageEngine engine;
    private final KvTree freeTrees;
    private final ConcurrentSkipListSet<Long> active;
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "nq-tree-reclaimer");
        t.setDaemon(true);
        return t;
    });

    Reclaimer(StorageEngine engine, KvTree freeTrees, ConcurrentSkipListSet<Long> active) {
        this.engine = engine;
        this.freeTrees = freeTrees;
        this.active = active;
    }

    void reclaimLater(List<String> trees, long committedBy) {
        trees.forEach(t -> pending.add(new Pending(t, committedBy)));
        runPending();
    }

    /** Starts reclaiming the pending trees no running transaction can see any more. */
    void runPending() {
        if (pending.isEmpty()) {
            return;
        }
        long oldest = active.isEmpty() ? Long.MAX_VALUE : active.first();
        List<Pending> ready = new ArrayList<>();
        for (Pending p : pending) {
            if (oldest > p.committedBy && pending.remove(p)) {
                ready.add(p);
            }
        }
        for (Pending p : ready) {
            worker.execute(() -> empty(p.tree));
        }
    }

    /** Reclaims a tree no transaction can see (an orphan, or one a rolled-back transaction created). */
    void reclaimNow(String tree) {
        worker.execute(() -> empty(tree));
    }

    private void empty(String name) {
        KvTree tree = engine.openTree(name);
        for (;;) {
            List<byte[]> keys = new ArrayList<>();
            try (TreeCursor c = tree.scan(KeyRange.all(), false)) {
                while (keys.size() < 1000 && c.next()) {
                    keys.add(c.key());
                }
            }
            if (keys.isEmpty()) {
                break;
            }
            keys.forEach(tree::delete);
        }
        freeTrees.put(name.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
