package io.neuroquantum.storage.txn;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shared/exclusive and intention locks for transactions (strict two-phase locking: a
 * transaction's locks are released together at its end by {@link #releaseAll}; READ
 * COMMITTED may release a read lock early with {@link #release}).
 *
 * <h2>Queues</h2>
 * Each locked resource has a queue of requests in arrival order. A new request is granted
 * when it is compatible with every granted request of other transactions and no earlier
 * request is still waiting (FIFO, so writers are not starved by a stream of readers). A
 * transaction asking for more on a resource it holds (S then X) is an upgrade: it keeps
 * what it has and is granted as soon as the other holders allow, ahead of waiters.
 * Queue state is guarded by the queue's monitor; a queue emptied by a release is retired
 * ({@code dead}) and replaced on the next request, never revived.
 *
 * <h2>Deadlocks</h2>
 * A transaction about to wait runs detection at once: a depth-first search of the
 * wait-for graph from itself (edges: to holders whose granted mode conflicts with what it
 * wants, and to earlier conflicting waiters). A cycle gets one victim, deterministically
 * the youngest transaction in it (the largest id, which has done the least work), whose
 * request fails with a {@link LockException} of reason DEADLOCK naming the cycle. Waiters
 * re-run detection every {@link #DETECT_INTERVAL_MILLIS} ms, so a cycle that formed in a
 * race between two detections is still found within one wait interval.
 *
 * <p>Monitor order: the detector monitor before queue monitors; a thread holding a queue
 * monitor never takes another monitor.
 */
public final class LockManager {

    static final long DETECT_INTERVAL_MILLIS = 50;

    private static final class Request {
        final long txn;
        LockMode mode;        // granted mode (null until granted)
        LockMode wanted;      // mode being waited for (null when not waiting)
        boolean victim;

        Request(long txn) {
            this.txn = txn;
        }
    }

    private static final class Queue {
        final LockResource resource;
        final List<Request> requests = new ArrayList<>();
        boolean dead;

        Queue(LockResource resource) {
            this.resource = resource;
        }

        Request of(long txn) {
            for (Request r : requests) {
                if (r.txn == txn) {
                    return r;
                }
            }
            return null;
        }
    }

    private record Wait(Queue queue, Request request) {
    }

    private final ConcurrentHashMap<LockResource, Queue> queues = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Wait> waiting = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Set<LockResource>> held = new ConcurrentHashMap<>();
    private final Object detector = new Object();
    private final LockStats stats = new LockStats();

    public LockStats stats() {
        return stats;
    }

    /**
     * Acquires {@code mode} on {@code resource} for {@code txn}, waiting up to {@code timeout}.
     *
     * @throws LockException on deadlock (this transaction is the victim) or timeout
     */
    public void acquire(long txn, LockResource resource, LockMode mode, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            Queue q = queues.computeIfAbsent(resource, Queue::new);
            Request mine;
            synchronized (q) {
                if (q.dead) {
                    continue; // retired by a release between lookup and lock: take the new one
                }
                mine = q.of(txn);
                if (mine != null && mine.mode != null && mine.mode.covers(mode)) {
                    return;
                }
                if (mine == null) {
                    mine = new Request(txn);
                    q.requests.add(mine);
                }
                mine.wanted = mine.mode == null ? mode : mine.mode.join(mode);
                if (grantable(q, mine)) {
                    grant(mine, resource);
                    return;
                }
                waiting.put(txn, new Wait(q, mine));
            }
            awaitGrant(txn, q, mine, resource, deadline);
            return;
        }
    }

    /**
     * Acquires {@code mode} on {@code resource} if that is possible without waiting; returns
     * whether it is held now. Never waits, so it may be called while holding a page latch.
     */
    public boolean tryAcquire(long txn, LockResource resource, LockMode mode) {
        for (;;) {
            Queue q = queues.computeIfAbsent(resource, Queue::new);
            synchronized (q) {
                if (q.dead) {
                    continue;
                }
                Request mine = q.of(txn);
                if (mine != null && mine.mode != null && mine.mode.covers(mode)) {
                    return true;
                }
                boolean added = mine == null;
                if (added) {
                    mine = new Request(txn);
                    q.requests.add(mine);
                }
                LockMode had = mine.wanted;
                mine.wanted = mine.mode == null ? mode : mine.mode.join(mode);
                if (grantable(q, mine)) {
                    grant(mine, resource);
                    return true;
                }
                mine.wanted = had;
                if (added) {
                    q.requests.remove(mine);
                    retireIfEmpty(q);
                }
                return false;
            }
        }
    }

    private void awaitGrant(long txn, Queue q, Request mine, LockResource resource, long deadline) {
        long start = System.nanoTime();
        try {
            for (;;) {
                detectFrom(txn);
                synchronized (q) {
                    long interval = DETECT_INTERVAL_MILLIS * 1_000_000;
                    long waitedAt = System.nanoTime();
                    while (System.nanoTime() - waitedAt < interval) {
                        if (mine.victim) {
                            LockMode wanted = mine.wanted;
                            cancel(q, mine);
                            stats.deadlock(resource.tableId());
                            throw new LockException(LockException.Reason.DEADLOCK, "deadlock detected: transaction "
                                    + txn + " was chosen as the victim while waiting for " + wanted + " on "
                                    + resource + "; roll back and retry");
                        }
                        if (grantable(q, mine)) {
                            grant(mine, resource);
                            q.notifyAll(); // waiters queued behind us may be grantable now
                            return;
                        }
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            LockMode wanted = mine.wanted;
                            cancel(q, mine);
                            stats.timeout(resource.tableId());
                            throw new LockException(LockException.Reason.TIMEOUT, "lock wait timeout: transaction "
                                    + txn + " waited too long for " + wanted + " on " + resource);
                        }
                        long slice = Math.min(left, interval) / 1_000_000;
                        try {
                            q.wait(Math.max(1, slice));
                        } catch (InterruptedException e) {
                            cancel(q, mine);
                            Thread.currentThread().interrupt();
                            throw new LockException(LockException.Reason.TIMEOUT, "interrupted while waiting for "
                                    + resource);
                        }
                    }
                }
            }
        } finally {
            waiting.remove(txn);
            stats.waited(resource.tableId(), (System.nanoTime() - start) / 1000);
        }
    }

    /** Under q's monitor. */
    private boolean grantable(Queue q, Request mine) {
        boolean upgrade = mine.mode != null;
        for (Request r : q.requests) {
            if (r == mine) {
                if (!upgrade) {
                    break; // requests after ours do not matter
                }
                continue;
            }
            if (r.mode != null && !r.mode.compatibleWith(mine.wanted)) {
                return false;
            }
            if (!upgrade && r.mode == null && r.wanted != null) {
                return false; // an earlier request is still waiting: FIFO
            }
            if (!upgrade && r.mode != null && r.wanted != null && !r.wanted.compatibleWith(mine.wanted)) {
                return false; // a holder waits to upgrade: a new request it conflicts with queues behind it
            }
        }
        return true;
    }

    /** Under q's monitor. */
    private void grant(Request mine, LockResource resource) {
        mine.mode = mine.wanted;
        mine.wanted = null;
        held.computeIfAbsent(mine.txn, t -> ConcurrentHashMap.newKeySet()).add(resource);
    }

    /** Under q's monitor: withdraws a waiting request (an upgrade keeps what it had). */
    private void cancel(Queue q, Request mine) {
        mine.wanted = null;
        mine.victim = false;
        if (mine.mode == null) {
            q.requests.remove(mine);
            retireIfEmpty(q);
        }
        q.notifyAll();
    }

    /** Releases one lock early (READ COMMITTED read locks). */
    public void release(long txn, LockResource resource) {
        Queue q = queues.get(resource);
        if (q == null) {
            return;
        }
        synchronized (q) {
            Request r = q.of(txn);
            if (r != null && r.mode != null && r.wanted == null) {
                q.requests.remove(r);
                retireIfEmpty(q);
                q.notifyAll();
            }
        }
        Set<LockResource> mine = held.get(txn);
        if (mine != null) {
            mine.remove(resource);
        }
    }

    /** Releases every lock of the transaction (at commit or after rollback). */
    public void releaseAll(long txn) {
        Set<LockResource> mine = held.remove(txn);
        if (mine == null) {
            return;
        }
        for (LockResource resource : mine) {
            Queue q = queues.get(resource);
            if (q == null) {
                continue;
            }
            synchronized (q) {
                Request r = q.of(txn);
                if (r != null) {
                    q.requests.remove(r);
                    retireIfEmpty(q);
                    q.notifyAll();
                }
            }
        }
    }

    private void retireIfEmpty(Queue q) {
        if (q.requests.isEmpty()) {
            q.dead = true;
            queues.remove(q.resource, q);
        }
    }

    /** The modes {@code txn} holds (for tests and diagnostics). */
    public LockMode heldMode(long txn, LockResource resource) {
        Queue q = queues.get(resource);
        if (q == null) {
            return null;
        }
        synchronized (q) {
            Request r = q.of(txn);
            return r == null ? null : r.mode;
        }
    }

    public int lockCount(long txn) {
        Set<LockResource> mine = held.get(txn);
        return mine == null ? 0 : mine.size();
    }

    // ------------------------------------------------------------------ deadlock detection

    /** Searches the wait-for graph for a cycle through {@code start}; marks and wakes its victim. */
    private void detectFrom(long start) {
        synchronized (detector) {
            Deque<Long> path = new ArrayDeque<>();
            Set<Long> done = new HashSet<>();
            List<Long> cycle = dfs(start, start, path, done);
            if (cycle == null) {
                return;
            }
            if (!confirm(cycle)) {
                return; // the graph was read edge by edge while it changed: no cycle exists now
            }
            long victim = cycle.stream().mapToLong(Long::longValue).max().orElseThrow();
            Wait w = waiting.get(victim);
            if (w == null) {
                return;
            }
            synchronized (w.queue()) {
                if (w.request().wanted != null) {
                    w.request().victim = true;
                    w.queue().notifyAll();
                }
            }
        }
    }

    /**
     * Whether {@code cycle} is a real deadlock: the search reads each queue at a different
     * moment, so an edge it saw may be gone (a waiter granted and queued again behind the
     * other). With the monitors of every queue in the cycle held at once (nested, by the
     * single detector; other threads never hold two queue monitors, so this cannot deadlock),
     * nobody in the cycle can be granted or re-queued, and every edge is checked again; a
     * request that is grantable right now blocks nobody.
     */
    private boolean confirm(List<Long> cycle) {
        List<Wait> waits = new ArrayList<>();
        for (long txn : cycle) {
            Wait w = waiting.get(txn);
            if (w == null) {
                return false;
            }
            waits.add(w);
        }
        return confirmLocked(cycle, waits, 0);
    }

    private boolean confirmLocked(List<Long> cycle, List<Wait> waits, int locked) {
        if (locked < waits.size()) {
            synchronized (waits.get(locked).queue()) {
                return confirmLocked(cycle, waits, locked + 1);
            }
        }
        for (int i = 0; i < cycle.size(); i++) {
            long txn = cycle.get(i);
            Wait w = waits.get(i);
            if (waiting.get(txn) != w || w.queue().dead || w.request().wanted == null
                    || grantable(w.queue(), w.request())) {
                return false;
            }
            long next = cycle.get((i + 1) % cycle.size());
            if (!edgesLocked(w).contains(next)) {
                return false;
            }
        }
        return true;
    }

    private List<Long> dfs(long node, long start, Deque<Long> path, Set<Long> done) {
        path.addLast(node);
        for (long next : waitsFor(node)) {
            if (next == start) {
                return new ArrayList<>(path);
            }
            if (!done.contains(next) && !path.contains(next)) {
                List<Long> found = dfs(next, start, path, done);
                if (found != null) {
                    return found;
                }
            }
        }
        path.removeLast();
        done.add(node);
        return null;
    }

    /** The transactions {@code txn} waits for right now. */
    private List<Long> waitsFor(long txn) {
        Wait w = waiting.get(txn);
        if (w == null) {
            return List.of();
        }
        synchronized (w.queue()) {
            return edgesLocked(w);
        }
    }

    /** Under the wait's queue monitor: the transactions this waiting request waits for. */
    private List<Long> edgesLocked(Wait w) {
        Request mine = w.request();
        LockMode wanted = mine.wanted;
        if (wanted == null) {
            return List.of();
        }
        List<Long> out = new ArrayList<>();
        boolean before = true;
        for (Request r : w.queue().requests) {
            if (r == mine) {
                before = false;
                continue;
            }
            boolean holderConflict = r.mode != null && !r.mode.compatibleWith(wanted);
            boolean waiterAhead = before && mine.mode == null && r.wanted != null
                    && !r.wanted.compatibleWith(wanted);
            if (holderConflict || waiterAhead) {
                out.add(r.txn);
            }
        }
        return out;
    }
}
