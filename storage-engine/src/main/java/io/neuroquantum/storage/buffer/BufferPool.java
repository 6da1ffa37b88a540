package io.neuroquantum.storage.buffer;

import io.neuroquantum.storage.file.PageFile;
import io.neuroquantum.storage.page.PageChecksum;
import io.neuroquantum.storage.page.PageLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed number of page frames in off-heap memory ({@link Arena#ofShared()}), sized in
 * bytes at construction; it never grows. Pages are reached through guards:
 * {@code try (var g = pool.read(id)) { … }} pins and share-latches, {@code pool.write(id)}
 * pins and exclusively latches, {@code pool.create(id)} gives a zeroed page that was
 * never on disk.
 *
 * <h2>Replacement: 2Q (simplified, without the ghost queue)</h2>
 * A page loaded from disk enters <em>probation</em> (a FIFO). Only when it is used again
 * while resident does it move to the <em>protected</em> set, managed by CLOCK (second
 * chance). Victims come from probation while it holds more than a quarter of the frames,
 * otherwise from the protected CLOCK. A scan touches each page once, so it cycles through
 * probation and cannot push out the hot set; point lookups re-reference inner nodes and hot
 * leaves, which stay protected. We chose 2Q over LRU-K (same scan resistance, but a
 * priority queue on every access) and CLOCK-Pro (more state for a similar result); hits
 * cost two plain volatile writes at most and take no lock.
 *
 * <h2>Concurrency</h2>
 * Hits are lock-free: page table lookup, then a CAS on the frame's pin count (see
 * {@link Frame}). Misses take {@code evictionLock} only to pick and claim a victim and
 * install the new mapping; disk reads happen outside it, under the frame's exclusive
 * latch. A dirty victim is written back before its mapping is removed (under the lock), so
 * no thread can read a stale copy from disk meanwhile.
 *
 * <p>Latch order: a thread holding a page latch may request another page (B+ tree crabbing
 * decides the order); the pool itself never takes a page latch while holding
 * {@code evictionLock}, except the exclusive latch of a frame it has just claimed, which
 * nobody else can hold.
 *
 * <h2>Durability</h2>
 * Dirty pages reach the file through eviction, the background flusher and
 * {@link #flushAll()}; each write first calls the {@link WriteAheadRule} with the page LSN
 * and stamps the CRC32C checksum. Reads verify the checksum and never hand out a page that
 * fails it.
 */
public final class BufferPool implements AutoCloseable {

    private final PageFile file;
    private final int pageSize;
    private final Frame[] frames;
    private final Arena arena;
    private final PageTable table = new PageTable();
    private final WriteAheadRule walRule;
    private final long pinWaitNanos;

    private final Object evictionLock = new Object();
    private final ArrayDeque<Frame> free = new ArrayDeque<>();
    private final ArrayDeque<Frame> probation = new ArrayDeque<>();
    private final int probationTarget;
    private int clockHand;

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder flushes = new LongAdder();
    private final LongAdder pinWaits = new LongAdder();
    private final java.util.concurrent.atomic.AtomicInteger flushesInFlight = new java.util.concurrent.atomic.AtomicInteger();

    private final Flusher flusher;

    /** Marker returned by {@link #load} when another thread mapped the page first. */
    private static final Frame RETRY = new Frame(-1, MemorySegment.NULL);

    /**
     * @param capacityBytes memory for frames; at least 16 pages
     * @param pinWait       how long a caller waits for an unpinned frame before failing
     * @param flushInterval how often the background flusher writes dirty pages (null: no flusher)
     */
    public BufferPool(PageFile file, long capacityBytes, Duration pinWait, Duration flushInterval, WriteAheadRule walRule) {
        this.file = file;
        this.pageSize = file.pageSize();
        long count = capacityBytes / pageSize;
        if (count < 16) {
            throw new IllegalArgumentException("buffer pool of " + capacityBytes + " bytes holds fewer than 16 pages of "
                    + pageSize + " bytes");
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("buffer pool too large: " + capacityBytes + " bytes");
        }
        this.arena = Arena.ofShared();
        MemorySegment memory = arena.allocate(count * pageSize, 4096);
        this.frames = new Frame[(int) count];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new Frame(i, memory.asSlice((long) i * pageSize, pageSize));
            free.add(frames[i]);
        }
        this.probationTarget = Math.max(1, frames.length / 4);
        this.walRule = walRule;
        this.pinWaitNanos = pinWait.toNanos();
        this.flusher = flushInterval == null ? null : new Flusher(this, flushInterval);
    }

    public int pageSize() {
        return pageSize;
    }

    public int capacityPages() {
        return frames.length;
    }

    /** Pins and share-latches page {@code pageId}, reading it from disk if needed. */
    public ReadGuard read(long pageId) {
        checkUsable(); // after a log failure, pages may hold changes recovery will discard
        // (A page latched exclusively by this thread's mini-transaction must not be requested
        // here: it would wait for itself. Tree code reads such a page through its write guard.)
        Frame f = pin(pageId, false);
        long stamp = f.latch.readLock();
        return new ReadGuard(this, f, pageId, stamp);
    }

    /**
     * Page {@code pageId} for an optimistic read (see {@link OptimisticGuard}) if it is resident
     * and not being changed right now; null otherwise (the caller takes the pinned path).
     */
    public OptimisticGuard tryOptimistic(long pageId) {
        checkUsable(); // like read(): after a log failure, pages may hold changes recovery will discard
        Frame f = table.get(pageId);
        if (f == null) {
            return null;
        }
        long stamp = f.latch.tryOptimisticRead();
        if (stamp == 0 || f.pageId != pageId) {
            return null;
        }
        hits.increment();
        f.touch();
        return new OptimisticGuard(this, f, pageId, stamp);
    }

    /** Pins and exclusively latches page {@code pageId}, reading it from disk if needed. */
    public WriteGuard write(long pageId) {
        checkUsable();
        MiniTransaction mtr = MiniTransaction.current();
        if (mtr != null) {
            WriteGuard held = mtr.heldGuard(pageId);
            if (held != null) {
                held.nested++;
                return held;
            }
        }
        Frame f = pin(pageId, false);
        long stamp = f.latch.writeLock();
        WriteGuard g = new WriteGuard(this, f, pageId, stamp, mtr, PageRedo.Mode.DELTA);
        if (mtr != null) {
            mtr.join(g);
        }
        return g;
    }

    /**
     * A zeroed frame for a page that is new (just allocated, or reused from the free list):
     * no disk read. The caller formats it; it is dirty once the guard closes.
     */
    public WriteGuard create(long pageId) {
        MiniTransaction mtr = MiniTransaction.current();
        if (mtr != null) {
            WriteGuard held = mtr.heldGuard(pageId);
            if (held != null) {
                // freed (or re-formatted) while this mini-transaction holds it: start over from zeros
                held.nested++;
                held.fill(0, pageSize, (byte) 0);
                held.redo.mode = PageRedo.Mode.INIT;
                return held;
            }
        }
        Frame f = pin(pageId, true);
        long stamp = f.latch.writeLock();
        f.segment.fill((byte) 0);
        WriteGuard g = new WriteGuard(this, f, pageId, stamp, mtr, PageRedo.Mode.INIT);
        if (mtr != null) {
            mtr.join(g);
        }
        return g;
    }

    /**
     * Like {@link #create}, but outside the running mini-transaction: closing the guard logs
     * the page alone and releases it. Only for pages nobody can reach until the
     * mini-transaction commits and whose content is harmless if it never does (see
     * {@code OverflowChain.write}).
     */
    public WriteGuard createDetached(long pageId) {
        Frame f = pin(pageId, true);
        long stamp = f.latch.writeLock();
        f.segment.fill((byte) 0);
        return new WriteGuard(this, f, pageId, stamp, null, PageRedo.Mode.INIT);
    }

    /**
     * Recovery only: the page's frame, exclusively latched, without reading it from disk
     * (its content is whatever the frame held, or zeros). Used to install a full page image
     * or re-create a page from an INIT record, which must not depend on a possibly torn copy
     * on disk. Changes through the guard are not logged again.
     */
    public WriteGuard writeForRedo(long pageId, boolean readFromDisk) {
        if (readFromDisk) {
            Frame f = pin(pageId, false);
            long stamp = f.latch.writeLock();
            return new WriteGuard(this, f, pageId, stamp, REPLAY, PageRedo.Mode.DELTA);
        }
        Frame f = pin(pageId, true);
        long stamp = f.latch.writeLock();
        return new WriteGuard(this, f, pageId, stamp, REPLAY, PageRedo.Mode.INIT);
    }

    /** Marker mini-transaction of guards used by redo: their changes are already in the log. */
    static final MiniTransaction REPLAY = MiniTransaction.replayMarker();

    private volatile RedoLog redoLog = RedoLog.NONE;
    private volatile RuntimeException failure;

    public void setRedoLog(RedoLog log) {
        this.redoLog = log;
    }

    RedoLog redoLog() {
        return redoLog;
    }

    /**
     * The log failed while pages held changes it does not have: from now on nothing is
     * written back (the file keeps its last consistent state; recovery rebuilds the rest).
     */
    void failStop(RuntimeException cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    private void checkUsable() {
        RuntimeException f = failure;
        if (f != null) {
            throw new io.neuroquantum.storage.page.StorageException(
                    "the engine stopped after a log failure; restart it to recover: " + f.getMessage(), f);
        }
    }

    /** Stamps the LSN and marks the frame dirty for a page changed by redo (recovery). */
    public void finishRedo(WriteGuard g, long lsn) {
        g.stampLsn(lsn);
        if (!g.frame.dirty) {
            g.frame.recLsn = lsn;
        }
        g.release(true);
    }

    /**
     * Makes the log durable up to the highest page LSN among the dirty pages, with one flush,
     * before a sweep writes them back: otherwise the WAL rule would sync the log once per
     * page whose LSN is not durable yet. (A page changed meanwhile simply waits for the log
     * again when it is written.)
     */
    void syncLogForSweep() {
        long max = 0;
        for (Frame f : frames) {
            if (f.dirty && f.pageId >= 0) {
                max = Math.max(max, f.segment.get(PageGuard.LONG, PageLayout.LSN_OFFSET));
            }
        }
        if (max > 0) {
            walRule.awaitDurable(max);
        }
    }

    /** A snapshot of the dirty page table: page id and recovery LSN of every dirty page. */
    public java.util.Map<Long, Long> dirtyPages() {
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        for (Frame f : frames) {
            long id = f.pageId;
            if (id >= 0 && f.dirty) {
                out.put(id, f.recLsn);
            }
        }
        return out;
    }

    /**
     * Writes back every page that was dirty with a recovery LSN below {@code lsn} and forces
     * the file (a checkpoint's write-back: afterwards, redo need not start before lsn).
     */
    public void writeBackBefore(long lsn) {
        checkUsable();
        MemorySegment scratch = Arena.ofAuto().allocate(pageSize, 4096);
        syncLogForSweep();
        // Repeat until no such page is dirty: a page being evicted right now cannot be pinned
        // here, and stays dirty until the evictor has written it.
        for (boolean pending = true; pending; ) {
            pending = false;
            for (Frame f : frames) {
                if (f.dirty && f.recLsn < lsn && f.pageId >= 0) {
                    if (!flushFrame(f, scratch, true) && f.dirty && f.recLsn < lsn) {
                        pending = true;
                    }
                }
            }
            if (pending) {
                LockSupport.parkNanos(200_000);
            }
        }
        while (flushesInFlight.get() > 0) {
            LockSupport.parkNanos(50_000);
        }
        file.force();
    }

    private Frame pin(long pageId, boolean fresh) {
        long deadline = 0;
        for (;;) {
            Frame f = table.get(pageId);
            if (f != null) {
                if (f.tryPin()) {
                    if (f.pageId == pageId) {
                        hits.increment();
                        f.touch();
                        if (fresh) {
                            return f; // a freed page being reused while still cached: caller re-formats it
                        }
                        return awaitLoaded(f, pageId);
                    }
                    f.unpin();
                }
                Thread.onSpinWait(); // being evicted or reassigned: look again
                continue;
            }
            Frame loaded = load(pageId, fresh);
            if (loaded == RETRY) {
                continue;
            }
            if (loaded != null) {
                return loaded;
            }
            // No frame could be claimed: every frame is pinned.
            if (deadline == 0) {
                deadline = System.nanoTime() + pinWaitNanos;
                pinWaits.increment();
            } else if (System.nanoTime() > deadline) {
                throw new BufferPoolExhaustedException(frames.length, pinWaitNanos / 1_000_000);
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /** A frame found in the table may still be loading: its loader holds the write latch until done. */
    private Frame awaitLoaded(Frame f, long pageId) {
        if (f.loading) {
            long stamp = f.latch.readLock();
            f.latch.unlockRead(stamp);
        }
        if (f.pageId != pageId) { // the load failed and the frame was released
            f.unpin();
            return pin(pageId, false);
        }
        return f;
    }

    /**
     * Claims a frame for {@code pageId} and reads it (unless fresh). Returns the frame
     * (pinned once), {@link #RETRY} if the page appeared in the table meanwhile, or null if
     * every frame is pinned.
     */
    private Frame load(long pageId, boolean fresh) {
        Frame victim;
        long stamp;
        synchronized (evictionLock) {
            if (table.containsKey(pageId)) {
                return RETRY;
            }
            victim = claimVictim();
            if (victim == null) {
                return null;
            }
            if (victim.pageId >= 0) {
                if (victim.dirty) {
                    try {
                        writeBackClaimed(victim, victim.pageId);
                    } catch (RuntimeException e) {
                        // unclaim: the page stays resident and dirty, and evictable again
                        if (victim.queue == Frame.PROBATION) {
                            probation.addLast(victim);
                        }
                        victim.setPins(0);
                        throw e;
                    }
                }
                table.remove(victim.pageId, victim);
                evictions.increment();
            }
            victim.pageId = pageId;
            victim.dirty = false;
            victim.referenced = false;
            victim.queue = Frame.PROBATION;
            probation.addLast(victim);
            stamp = victim.latch.writeLock(); // nobody else can hold it: the frame is claimed
            victim.loading = !fresh;
            victim.setPins(1);
            table.put(pageId, victim);
        }
        misses.increment();
        if (fresh) {
            victim.latch.unlockWrite(stamp);
            return victim;
        }
        try {
            file.read(pageId, victim.segment);
            PageChecksum.verify(victim.segment, file.path().toString(), pageId);
        } catch (RuntimeException e) {
            // Unmap before unlatching: waiters see pageId -1 and retry (and fail the same way).
            // The frame stays on probation and is reclaimed once its pins drain.
            synchronized (evictionLock) {
                table.remove(pageId, victim);
            }
            victim.pageId = -1;
            victim.loading = false;
            victim.latch.unlockWrite(stamp);
            victim.unpin();
            throw e;
        }
        victim.loading = false;
        victim.latch.unlockWrite(stamp);
        return victim;
    }

    /** Called with evictionLock held: a free frame, or a claimed (pins == -1) victim, or null. */
    private Frame claimVictim() {
        Frame f = free.pollFirst();
        if (f != null) {
            f.setPins(-1);
            return f;
        }
        if (probation.size() > probationTarget) {
            f = fromProbation();
            if (f != null) {
                return f;
            }
        }
        for (int step = 0, n = frames.length; step < 2 * n; step++) {
            Frame c = frames[clockHand];
            clockHand = clockHand + 1 == n ? 0 : clockHand + 1;
            if (c.queue != Frame.PROTECTED || c.pins() != 0) {
                continue;
            }
            if (c.referenced) {
                c.referenced = false;
                continue;
            }
            if (c.tryClaim()) {
                return c;
            }
        }
        return fromProbation();
    }

    private Frame fromProbation() {
        for (int i = 0, n = probation.size(); i < n; i++) {
            Frame f = probation.pollFirst();
            if (f.queue != Frame.PROBATION) {
                continue; // promoted (or freed) since it was queued
            }
            if (f.tryClaim()) {
                return f;
            }
            probation.addLast(f);
        }
        return null;
    }

    /**
     * Writes a claimed dirty frame to disk (its old page). Runs under evictionLock: misses
     * wait for this write, which the background flusher makes rare by cleaning ahead.
     */
    private void writeBackClaimed(Frame f, long oldPageId) {
        checkUsable();
        walRule.awaitDurable(f.segment.get(PageGuard.LONG, PageLayout.LSN_OFFSET));
        PageChecksum.stamp(f.segment);
        file.write(oldPageId, f.segment);
        f.dirty = false;
        flushes.increment();
    }

    /**
     * Writes every dirty page and forces the file. Waits for write-backs the background
     * flusher has in flight, so that every change made before the call is on disk after it.
     */
    public void flushAll() {
        checkUsable();
        writeBackAll();
        file.force();
    }

    /**
     * Writes every dirty page to the file without forcing it (the OS may still lose them in
     * a crash; {@link #flushAll()} forces). Waits for the flusher's in-flight writes.
     */
    public void writeBackAll() {
        MemorySegment scratch = Arena.ofAuto().allocate(pageSize, 4096);
        syncLogForSweep();
        for (Frame f : frames) {
            flushFrame(f, scratch, true);
        }
        while (flushesInFlight.get() > 0) {
            LockSupport.parkNanos(50_000);
        }
    }

    /**
     * Writes one dirty frame: pin (so it cannot be evicted or written by anyone else
     * meanwhile), copy under the shared latch and clear the dirty flag, write the copy.
     *
     * @param wait whether to wait for a writer holding the latch; the background flusher skips busy pages
     */
    boolean flushFrame(Frame f, MemorySegment scratch, boolean wait) {
        if (!f.dirty || !f.tryPin()) {
            return false;
        }
        try {
            long pageId = f.pageId;
            if (pageId < 0) {
                return false;
            }
            long stamp = wait ? f.latch.readLock() : f.latch.tryReadLock();
            if (stamp == 0) {
                return false;
            }
            try {
                if (!f.dirty || f.pageId != pageId) {
                    return false;
                }
                MemorySegment.copy(f.segment, 0, scratch, 0, pageSize);
                // Cleared before the write so that a change made meanwhile sets it again;
                // restored below if the write fails. flushesInFlight lets flushAll wait for us.
                flushesInFlight.incrementAndGet(); // before clearing dirty: waiters check dirty, then in-flight
                f.dirty = false;
            } finally {
                f.latch.unlockRead(stamp);
            }
            try {
                checkUsable();
                walRule.awaitDurable(scratch.get(PageGuard.LONG, PageLayout.LSN_OFFSET));
                PageChecksum.stamp(scratch);
                file.write(pageId, scratch);
                flushes.increment();
                return true;
            } catch (RuntimeException e) {
                f.dirty = true;
                throw e;
            } finally {
                flushesInFlight.decrementAndGet();
            }
        } finally {
            f.unpin();
        }
    }

    Frame[] frames() {
        return frames;
    }

    public BufferPoolStats stats() {
        int dirty = 0;
        int resident = 0;
        for (Frame f : frames) {
            if (f.pageId >= 0) {
                resident++;
                if (f.dirty) {
                    dirty++;
                }
            }
        }
        return new BufferPoolStats(hits.sum(), misses.sum(), evictions.sum(), flushes.sum(), pinWaits.sum(),
                dirty, resident, frames.length);
    }

    public boolean isResident(long pageId) {
        Frame f = table.get(pageId);
        return f != null && f.pageId == pageId;
    }

    /** Stops the flusher, writes every dirty page, forces the file and frees the memory. */
    @Override
    public void close() {
        if (flusher != null) {
            flusher.stop();
        }
        try {
            if (failure == null) {
                flushAll();
            }
        } finally {
            arena.close();
        }
    }

    /** Frees the memory without writing anything (opening failed; the file keeps what it has). */
    public void abandon() {
        if (flusher != null) {
            flusher.stop();
        }
        arena.close();
    }

    /** For diagnostics: a short description. */
    @Override
    public String toString() {
        return "BufferPool[" + frames.length + " frames of " + pageSize + " bytes on " + file.path() + "]";
    }
}
