package io.neuroquantum.bench.recovery;

import io.neuroquantum.storage.api.EngineOptions;
import io.neuroquantum.storage.api.IsolationLevel;
import io.neuroquantum.storage.api.KeyRange;
import io.neuroquantum.storage.api.KvTree;
import io.neuroquantum.storage.api.Savepoint;
import io.neuroquantum.storage.api.StorageEngine;
import io.neuroquantum.storage.api.Transaction;
import io.neuroquantum.storage.api.TreeCursor;
import io.neuroquantum.storage.txn.LockException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The process the crash torture kills: random multi-row transactions on the engine from
 * several threads (puts, inserts, deletes, reads and range scans of the thread's own keys,
 * savepoints and rollbacks to them, whole rollbacks, both isolation levels), reporting on
 * stdout what the parent needs to know exactly what must have survived (see
 * {@link TortureLedger} for the protocol). Every read is checked against the thread's own model
 * of its keys; a wrong answer is reported as {@code @E} and ends the process.
 *
 * <pre>java -cp CLASSPATH io.neuroquantum.bench.recovery.TortureChild DIR EPOCH THREADS KEYS SEED CHECKPOINTS MAX_SECONDS</pre>
 * CHECKPOINTS is {@code fast} (every 250 ms or 2 MiB of log) or {@code default}. Runs from the
 * bench jar and from {@code CrashTortureTest} alike (only the engine and this package on the class path).
 */
public final class TortureChild {

    public static final String FILE = "torture.nqdb";
    public static final String TREE = "torture";

    private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);
    private static final byte[] DELETED = new byte[0];

    private TortureChild() {
    }

    /** The engine options of the torture store: 1 MiB log segments; frequent checkpoints or the defaults. */
    public static EngineOptions options(boolean fastCheckpoints) {
        EngineOptions o = EngineOptions.defaults().withBufferPoolBytes(32L << 20).withWalSegmentBytes(1L << 20);
        return fastCheckpoints ? o.withCheckpoints(Duration.ofMillis(250), 2L << 20)
                : o.withCheckpoints(Duration.ofSeconds(60), 256L << 20);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("probe")) {
            probe();
            return;
        }
        if (args.length != 7) {
            System.err.println("usage: TortureChild DIR EPOCH THREADS KEYS SEED fast|default MAX_SECONDS");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int epoch = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int keys = Integer.parseInt(args[3]);
        long seed = Long.parseLong(args[4]);
        boolean fast = args[5].equals("fast");
        long maxNanos = Long.parseLong(args[6]) * 1_000_000_000L;
        // An orphan never outlives the parent.
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(9)));

        StorageEngine engine = StorageEngine.open(dir.resolve(FILE), options(fast));
        KvTree tree = engine.findTree(TREE).orElseGet(() -> engine.createTree(TREE));
        List<Map<String, byte[]>> models = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            models.add(new HashMap<>());
        }
        int rows = 0;
        try (TreeCursor c = tree.scan(KeyRange.all(), false)) {
            while (c.next()) {
                String key = TortureValues.string(c.key());
                int t = Integer.parseInt(key.substring(1, 3));
                if (t < threads) {
                    models.get(t).put(key, c.value());
                }
                rows++;
            }
        }
        emit("@READY " + rows);
        long deadline = System.nanoTime() + maxNanos;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Worker w = new Worker(engine, tree, epoch, t, keys, new SplittableRandom(seed * 1_000_003L + t), models.get(t),
                    deadline);
            Thread th = new Thread(w, "torture-" + t);
            workers.add(th);
            th.start();
        }
        // Past the deadline every thread finishes its transaction; one that does not is stuck.
        long grace = deadline + 30_000_000_000L;
        for (Thread th : workers) {
            th.join(Math.max(1, (grace - System.nanoTime()) / 1_000_000));
            if (th.isAlive()) {
                StringBuilder where = new StringBuilder();
                for (StackTraceElement e : th.getStackTrace()) {
                    System.err.println("\tat " + e);
                    if (where.length() < 600) {
                        where.append(" < ").append(e);
                    }
                }
                fail(th.getName() + " is stuck 30 s past the deadline (" + th.getState() + "):" + where);
            }
        }
        engine.close();
        emit("@DONE");
        System.exit(0);
    }

    /**
     * {@code probe}: checks the plumbing without an engine: a whole line, then an unterminated one,
     * then waits to be killed.
     */
    private static void probe() throws InterruptedException {
        synchronized (OUT) {
            try {
                OUT.write(TortureValues.bytes("@READY 0\n@A cut")); // one write: both are in the pipe together
            } catch (IOException e) {
                Runtime.getRuntime().halt(4);
            }
        }
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(9)));
        Thread.sleep(120_000);
        Runtime.getRuntime().halt(5);
    }

    /** One line, written whole in one write(2) (a pipe write under 4 KiB is atomic), before returning. */
    static void emit(String line) {
        byte[] b = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        synchronized (OUT) {
            try {
                OUT.write(b);
            } catch (IOException e) {
                Runtime.getRuntime().halt(4); // the parent is gone
            }
        }
    }

    private static void fail(String message) {
        emit("@E " + message.replace('\n', ' '));
        Runtime.getRuntime().halt(3);
    }

    private static final class Worker implements Runnable {
        private final StorageEngine engine;
        private final KvTree tree;
        private final int epoch;
        private final int thread;
        private final int keys;
        private final SplittableRandom rnd;
        /** The committed state of this thread's keys. */
        private final Map<String, byte[]> model;
        private final long deadline;

        Worker(StorageEngine engine, KvTree tree, int epoch, int thread, int keys, SplittableRandom rnd,
               Map<String, byte[]> model, long deadline) {
            this.engine = engine;
            this.tree = tree;
            this.epoch = epoch;
            this.thread = thread;
            this.keys = keys;
            this.rnd = rnd;
            this.model = model;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            try {
                for (long seq = 0; System.nanoTime() < deadline; seq++) {
                    transaction(TortureValues.txTag(epoch, thread, seq));
                }
            } catch (Throwable e) {
                StringWriter sw = new StringWriter();
                e.printStackTrace(new PrintWriter(sw));
                System.err.println(sw);
                fail("thread " + thread + ": " + e);
            }
        }

        private void transaction(String tx) {
            IsolationLevel level = rnd.nextInt(4) == 0 ? IsolationLevel.READ_COMMITTED : IsolationLevel.SERIALIZABLE;
            Transaction t = engine.begin(level);
            // The transaction's net writes: key -> value (DELETED for a delete), and their generations.
            Map<String, byte[]> pending = new LinkedHashMap<>();
            Map<String, Integer> genOf = new HashMap<>();
            int gen = 0;
            Savepoint sp = null;
            Map<String, byte[]> spPending = null;
            Map<String, Integer> spGen = null;
            try {
                int ops = 1 + rnd.nextInt(8);
                for (int i = 0; i < ops; i++) {
                    if (sp == null && rnd.nextInt(4) == 0) {
                        sp = t.savepoint("sp" + i);
                        spPending = new LinkedHashMap<>(pending);
                        spGen = new HashMap<>(genOf);
                    }
                    String key = TortureValues.key(thread, rnd.nextInt(keys));
                    byte[] k = TortureValues.bytes(key);
                    byte[] current = pending.containsKey(key) ? live(pending.get(key)) : model.get(key);
                    int op = rnd.nextInt(100);
                    if (op < 40) {
                        byte[] v = TortureValues.value(TortureValues.writeTag(tx, gen), key);
                        t.put(tree, k, v);
                        pending.put(key, v);
                        genOf.put(key, gen);
                    } else if (op < 55) {
                        byte[] v = TortureValues.value(TortureValues.writeTag(tx, gen), key);
                        boolean inserted = t.insert(tree, k, v);
                        if (inserted != (current == null)) {
                            fail(tx + ": insert(" + key + ") returned " + inserted + " but the key is "
                                    + (current == null ? "absent" : "present"));
                        }
                        if (inserted) {
                            pending.put(key, v);
                            genOf.put(key, gen);
                        }
                    } else if (op < 75) {
                        boolean was = t.delete(tree, k);
                        if (was != (current != null)) {
                            fail(tx + ": delete(" + key + ") returned " + was + " but the key was "
                                    + (current == null ? "absent" : "present"));
                        }
                        pending.put(key, DELETED);
                        genOf.put(key, gen);
                    } else if (op < 92) {
                        byte[] got = t.get(tree, k);
                        if (!Arrays.equals(got, current)) {
                            fail(tx + ": get(" + key + ") returned " + describe(got) + ", expected " + describe(current));
                        }
                    } else {
                        checkScan(t, tx, pending);
                    }
                    if (sp != null && rnd.nextInt(6) == 0) {
                        t.rollbackTo(sp);
                        pending = new LinkedHashMap<>(spPending);
                        genOf = new HashMap<>(spGen);
                        gen++;
                    }
                }
                if (rnd.nextInt(5) == 0) {
                    t.rollback();
                    emit("@R " + tx);
                    return;
                }
                StringBuilder line = new StringBuilder("@C ").append(tx);
                for (Map.Entry<String, byte[]> e : pending.entrySet()) {
                    line.append(' ').append(e.getValue() == DELETED ? '-' : '+').append(e.getKey()).append('.')
                            .append(genOf.get(e.getKey()));
                }
                emit(line.toString());
                t.commit();
                emit("@A " + tx);
                for (Map.Entry<String, byte[]> e : pending.entrySet()) {
                    if (e.getValue() == DELETED) {
                        model.remove(e.getKey());
                    } else {
                        model.put(e.getKey(), e.getValue());
                    }
                }
            } catch (LockException e) {
                if (t.active()) {
                    t.rollback();
                }
                emit("@R " + tx + " " + e.reason());
            } finally {
                t.close();
            }
        }

        /** A range scan of all this thread's keys must show the model overlaid with the pending writes. */
        private void checkScan(Transaction t, String tx, Map<String, byte[]> pending) {
            TreeMap<String, byte[]> expected = new TreeMap<>(model);
            pending.forEach((k, v) -> {
                if (v == DELETED) {
                    expected.remove(k);
                } else {
                    expected.put(k, v);
                }
            });
            KeyRange range = KeyRange.closed(TortureValues.bytes(TortureValues.firstKey(thread)),
                    TortureValues.bytes(TortureValues.lastKey(thread)));
            List<String> seen = new ArrayList<>();
            try (TreeCursor c = t.scan(tree, range, false)) {
                while (c.next()) {
                    String key = TortureValues.string(c.key());
                    seen.add(key);
                    if (!Arrays.equals(c.value(), expected.get(key))) {
                        fail(tx + ": scan saw " + key + " = " + describe(c.value()) + ", expected "
                                + describe(expected.get(key)));
                    }
                }
            }
            if (!seen.equals(new ArrayList<>(expected.keySet()))) {
                fail(tx + ": scan of thread " + thread + "'s keys saw " + seen.size() + " keys, expected "
                        + expected.size() + ": " + seen + " vs " + expected.keySet());
            }
        }

        private static byte[] live(byte[] v) {
            return v == DELETED ? null : v;
        }

        private static String describe(byte[] v) {
            return v == null ? "nothing" : "the value of " + TortureValues.tagOf(v) + " (" + v.length + " bytes)";
        }
    }
}
