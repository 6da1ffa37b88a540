package io.neuroquantum.storage.session;

import io.neuroquantum.platform.problem.ApiProblem;
import io.neuroquantum.storage.api.IsolationLevel;
import io.neuroquantum.storage.catalog.StorageProblems;
import io.neuroquantum.storage.table.Database;
import io.neuroquantum.storage.table.TableTransaction;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Explicit transactions that span requests: begin returns an id; operations name it;
 * commit or rollback ends it. A transaction idle for longer than its timeout is rolled back
 * by a reaper (a busy one — a running call or an open scan — never is), and its id then
 * answers 410 for a while, so a client learns why rather than seeing 404.
 *
 * <p>Calls on one transaction are serialized (the engine transaction is single-threaded).
 * Ids are unguessable (128 random bits), since holding one lets a caller act in that transaction.
 */
public final class Sessions implements AutoCloseable {

    /** How long the id of an expired or aborted transaction still answers 410. */
    static final Duration TOMBSTONE_TTL = Duration.ofMinutes(10);
    static final int MAX_TOMBSTONES = 10_000;

    private final Database db;
    private final Duration defaultIdle;
    private final Duration maxIdle;
    private final int maxOpen;
    private final ConcurrentHashMap<String, Session> open = new ConcurrentHashMap<>();
    private final Map<String, Tombstone> ended = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nq-transaction-reaper");
        t.setDaemon(true);
        return t;
    });

    private record Tombstone(String why, long at) {
    }

    /** One explicit transaction. */
    public static final class Session {
        final String id;
        final TableTransaction txn;
        final Duration idle;
        /** A permit, not a thread-owned lock: a streaming scan releases it on another thread. */
        final Semaphore lock = new Semaphore(1);
        volatile long lastUsed = System.nanoTime();
        volatile int busy;

        Session(String id, TableTransaction txn, Duration idle) {
            this.id = id;
            this.txn = txn;
            this.idle = idle;
        }

        public String id() {
            return id;
        }

        public IsolationLevel isolation() {
            return txn.isolation();
        }

        public Duration idleTimeout() {
            return idle;
        }
    }

    public Sessions(Database db, Duration defaultIdle, Duration maxIdle, int maxOpen) {
        this.db = db;
        this.defaultIdle = defaultIdle;
        this.maxIdle = maxIdle;
        this.maxOpen = maxOpen;
        reaper.scheduleWithFixedDelay(this::reap, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** Begins a transaction; {@code idle} null means the default timeout. */
    public Session begin(IsolationLevel isolation, Duration idle) {
        Duration timeout = idle == null ? defaultIdle : idle;
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(maxIdle) > 0) {
            throw StorageProblems.invalid("idleTimeoutMs", "must be between 1 and " + maxIdle.toMillis());
        }
        if (open.size() >= maxOpen) {
            throw new ApiProblem(429, "too-many-transactions", "Too many transactions",
                    "at most " + maxOpen + " explicit transactions may be open; commit or roll back some");
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        Session s = new Session(id, db.begin(isolation), timeout);
        open.put(id, s);
        return s;
    }

    /**
     * Runs {@code call} in transaction {@code id}, one call at a time. If the call leaves the
     * transaction ended (a lock conflict rolled it back), the id is retired.
     */
    public <T> T with(String id, Function<TableTransaction, T> call) {
        Session s = acquire(id);
        try {
            return call.apply(s.txn);
        } finally {
            release(s);
        }
    }

    /** Marks the session busy until {@link #release} (a streaming scan holds it while it runs). */
    public Session acquire(String id) {
        Session s = lookup(id);
        s.lock.acquireUninterruptibly();
        if (!s.txn.active() || open.get(id) != s) {
            s.lock.release();
            throw gone(id);
        }
        s.busy++;
        return s;
    }

    /** The transaction of a session this caller {@linkplain #acquire acquired}. */
    public TableTransaction transaction(Session s) {
        return s.txn;
    }

    public void release(Session s) {
        s.busy--;
        s.lastUsed = System.nanoTime();
        boolean ended = !s.txn.active();
        s.lock.release();
        if (ended) {
            retire(s.id, s.txn.abortedBy() != null ? "was rolled back after a lock conflict" : "has ended");
        }
    }

    public long commit(String id) {
        Session s = acquire(id);
        try {
            long lsn = s.txn.commit();
            open.remove(id);
            return lsn;
        } finally {
            s.busy--;
            s.lock.release();
        }
    }

    public void rollback(String id) {
        Session s = acquire(id);
        try {
            s.txn.rollback();
            open.remove(id);
        } finally {
            s.busy--;
            s.lock.release();
        }
    }

    private Session lookup(String id) {
        Session s = id == null ? null : open.get(id);
        if (s == null) {
            throw gone(id);
        }
        return s;
    }

    private ApiProblem gone(String id) {
        synchronized (ended) {
            Tombstone t = ended.get(id);
            if (t != null) {
                return StorageProblems.transactionExpired(id, t.why);
            }
        }
        return StorageProblems.noSuchTransaction(String.valueOf(id));
    }

    private void retire(String id, String why) {
        if (open.remove(id) != null) {
            synchronized (ended) {
                ended.put(id, new Tombstone(why, System.nanoTime()));
                while (ended.size() > MAX_TOMBSTONES) {
                    ended.remove(ended.keySet().iterator().next());
                }
            }
        }
    }

    private void reap() {
        long now = System.nanoTime();
        for (Session s : open.values()) {
            if (s.busy == 0 && now - s.lastUsed > s.idle.toNanos() && s.lock.tryAcquire()) {
                try {
                    if (s.busy == 0 && s.txn.active()) {
                        s.txn.rollback();
                        retire(s.id, "was idle for more than " + s.idle.toMillis() + " ms");
                    }
                } catch (RuntimeException e) {
                    retire(s.id, "failed to roll back: " + e.getMessage());
                } finally {
                    s.lock.release();
                }
            }
        }
        synchronized (ended) {
            ended.values().removeIf(t -> now - t.at > TOMBSTONE_TTL.toNanos());
        }
    }

    /** The open transactions: id, isolation, idle time so far. */
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        long now = System.nanoTime();
        for (Session s : open.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id);
            m.put("transaction", s.txn.id());
            m.put("isolation", s.txn.isolation().name());
            m.put("busy", s.busy > 0);
            m.put("idleMs", s.busy > 0 ? 0 : (now - s.lastUsed) / 1_000_000);
            m.put("idleTimeoutMs", s.idle.toMillis());
            out.add(m);
        }
        return out;
    }

    public int openCount() {
        return open.size();
    }

    /** Rolls back every open transaction and stops the reaper. */
    @Override
    public void close() {
        reaper.shutdownNow();
        for (Session s : open.values()) {
            try {
                if (s.txn.active()) {
                    s.txn.rollback();
                }
            } catch (RuntimeException ignored) {
                // shutting down: recovery undoes whatever is left
            }
        }
        open.clear();
    }
}
