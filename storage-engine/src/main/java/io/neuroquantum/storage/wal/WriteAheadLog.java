package io.neuroquantum.storage.wal;

import io.neuroquantum.storage.file.FileIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The write-ahead log: an append-only stream of {@link LogRecord}s in segment files.
 *
 * <h2>Appending and group commit</h2>
 * Appends copy the record into the active in-memory buffer under {@code appendLock} and
 * return its LSN at once. {@link #flush(long)} makes a record durable: a caller that finds
 * no flush in progress becomes the leader (it holds {@code ioLock}), swaps the buffers (so
 * appends continue into the other one), writes everything appended so far and fdatasyncs
 * once. Callers that arrive while a leader is busy wait on {@code durableMonitor} instead
 * of queueing for the lock; when the leader finishes, those it covered return and one of
 * the others leads the next round, whose single write and sync covers every record
 * appended meanwhile. A commit never returns before its record is durable, and one fsync
 * serves all commits waiting for it.
 *
 * <p>Lock order: {@code ioLock} before {@code appendLock}; {@code appendLock} is held
 * only for memory copies, never during I/O; {@code durableMonitor} is never held while
 * taking another lock.
 *
 * <h2>Durability invariants</h2>
 * <ul>
 *   <li>{@code durableLsn} only grows, and every record that ends at or before it has been
 *       written and forced;</li>
 *   <li>after a failed write or fsync the log is failed for good (fail-stop): no later
 *       flush reports success, since the kernel may have dropped the dirty pages (an fsync
 *       retry could falsely succeed). Reopening recovers from what is on disk;</li>
 *   <li>a segment is announced to the {@link SegmentListener} only once forced.</li>
 * </ul>
 *
 * <h2>Opening</h2>
 * The end of the log is the end of the valid records of the last segment (see
 * {@link LogReader}); the rest of that segment is zeroed before new records are
 * written, so the remains of a torn tail can never be read as records later.
 */
public final class WriteAheadLog implements AutoCloseable {

    private final Path dir;
    private final WalOptions options;
    private final long segmentSize;
    private final SegmentListener listener;

    private final ReentrantLock appendLock = new ReentrantLock();
    private final CRC32C appendCrc = new CRC32C(); // guarded by appendLock
    private final ReentrantLock ioLock = new ReentrantLock();
    private final Object durableMonitor = new Object();

    // guarded by appendLock
    private ByteBuffer active;
    private long activeStartLsn;
    private long endLsn;

    // guarded by ioLock
    private ByteBuffer standby;
    private long currentIndex = -1;
    private FileIO.Handle current;
    private volatile long writtenLsn; // written under ioLock; read without it by the background spare check

    /**
     * Segments written to the end but not yet forced, oldest first (guarded by
     * {@code completedLock}): a segment switch hands the finished segment over instead of
     * forcing it while holding {@code ioLock}, so appends never wait for that fsync; the
     * background writer forces them, and so does any flush before it reports durability.
     * Lock order: {@code ioLock} before {@code completedLock}.
     */
    private final ArrayDeque<Completed> completed = new ArrayDeque<>();
    private final ReentrantLock completedLock = new ReentrantLock();

    private record Completed(long index, FileIO.Handle handle, long endLsn) {
    }

    /** Only raised (under {@code completedLock}), see the invariants. */
    private volatile long durableLsn;
    private volatile WalException failure;
    private final Thread asyncFlusher;
    /**
     * Writes the active buffer out (without syncing) once it is half full, so that an
     * appender, which may hold page latches, seldom finds the buffer full and has to write
     * it itself.
     */
    private final Thread backgroundWriter;
    private boolean writerSignalled; // guarded by appendLock
    private volatile boolean closed;

    private WriteAheadLog(Path dir, WalOptions options, SegmentListener listener, long end) {
        this.dir = dir;
        this.options = options;
        this.segmentSize = options.segmentSize();
        this.listener = listener;
        this.active = ByteBuffer.allocateDirect(options.bufferSize()).order(ByteOrder.LITTLE_ENDIAN);
        this.standby = ByteBuffer.allocateDirect(options.bufferSize()).order(ByteOrder.LITTLE_ENDIAN);
        this.activeStartLsn = end;
        this.endLsn = end;
        this.writtenLsn = end;
        this.durableLsn = end;
        this.backgroundWriter = Thread.ofPlatform().daemon().name("nq-wal-writer").start(this::backgroundWriteLoop);
        this.asyncFlusher = options.asyncCommit()
                ? Thread.ofPlatform().daemon().name("nq-wal-async-flush").start(this::asyncFlushLoop)
                : null;
    }

    /** Opens the log in {@code dir} (created if missing), positioned after its last valid record. */
    public static WriteAheadLog open(Path dir, WalOptions requested, SegmentListener listener) {
        try {
            Files.createDirectories(dir);
            List<Long> indexes = segmentIndexes(dir);
            // The segment size is fixed when the log is created: an existing log keeps its own
            // (a different configured size must never make its segments look torn).
            long existing = existingSegmentSize(dir, requested, indexes);
            WalOptions options = existing == requested.segmentSize() ? requested
                    : new WalOptions(existing, requested.bufferSize(), requested.asyncCommit(),
                            requested.asyncInterval(), requested.fileIO());
            long end;
            if (indexes.isEmpty()) {
                end = Segment.HEADER_SIZE;
            } else {
                long last = indexes.getLast();
                if (!headerValid(dir, options, last)) {
                    // torn creation of the newest segment: it never held a record
                    Files.deleteIfExists(Segment.path(dir, last));
                    end = last * options.segmentSize() + Segment.HEADER_SIZE;
                } else {
                    try (LogReader reader = new LogReader(dir, options.segmentSize(), options.fileIO(),
                            last * options.segmentSize() + Segment.HEADER_SIZE)) {
                        while (reader.next() != null) {
                            // skip to the end of the valid records
                        }
                        end = reader.position();
                    }
                    if (Lsn.segment(end, options.segmentSize()) == last) {
                        end = skipRest(dir, options, last, end);
                    }
                    // the last segment is closed: the next one is created (or recycled) on the first write
                }
            }
            return new WriteAheadLog(dir, options, listener, end);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Long> segmentIndexes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(Segment::indexOf).filter(i -> i >= 0).sorted().boxed().toList();
        }
    }

    /** The segment size written in the first segment with an intact header, or the requested one. */
    private static long existingSegmentSize(Path dir, WalOptions options, List<Long> indexes) throws IOException {
        for (long index : indexes) {
            try (FileIO.Handle h = options.fileIO().open(Segment.path(dir, index), StandardOpenOption.READ)) {
                ByteBuffer header = ByteBuffer.allocate(Segment.HEADER_SIZE);
                try {
                    h.readFully(header, 0);
                } catch (IOException | RuntimeException e) {
                    continue; // a short (torn) file: try the next one
                }
                long size = Segment.headerSegmentSize(header.flip(), index);
                if (size > 0) {
                    return size;
                }
            }
        }
        return options.segmentSize();
    }

    private static boolean headerValid(Path dir, WalOptions options, long index) throws IOException {
        try (FileIO.Handle h = options.fileIO().open(Segment.path(dir, index), StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(Segment.HEADER_SIZE);
            h.readFully(header, 0);
            return Segment.validHeader(header.flip(), options.segmentSize(), index);
        }
    }

    /**
     * Closes the last segment at the end of its valid records with a SKIP record (readers
     * jump from a SKIP to the next segment) and returns where the log continues: at the start
     * of the next segment. Whatever lies beyond the end in this segment (a record written
     * before the crash beyond a torn one: the OS may persist pages out of order) can then
     * never be read, without zeroing the rest of the segment.
     */
    private static long skipRest(Path dir, WalOptions options, long index, long end) throws IOException {
        long size = options.segmentSize();
        long next = (index + 1) * size + Segment.HEADER_SIZE;
        if (size - Lsn.offset(end, size) < LogRecord.HEADER_SIZE) {
            return next; // too little room for a record: readers move on by themselves
        }
        ByteBuffer skip = ByteBuffer.allocate(LogRecord.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        LogRecord.write(skip, end, LogRecordType.SKIP, 0, 0, new byte[0]);
        skip.flip();
        try (FileIO.Handle h = options.fileIO().open(Segment.path(dir, index), StandardOpenOption.WRITE)) {
            h.writeFully(skip, Lsn.offset(end, size));
            h.force();
        }
        return next;
    }

    // ------------------------------------------------------------------ appending

    /**
     * Appends a record and returns its LSN. Not durable until {@link #flush(long)} (or a
     * commit) covers it.
     */
    public long append(LogRecordType type, long txnId, long prevLsn, byte[] payload) {
        return append(type, txnId, prevLsn, PayloadWriter.of(payload));
    }

    /** Like {@link #append(LogRecordType, long, long, byte[])}, the payload written in place. */
    public long append(LogRecordType type, long txnId, long prevLsn, PayloadWriter payload) {
        int size = LogRecord.align(LogRecord.HEADER_SIZE + payload.size());
        if (size > options.maxRecordSize()) {
            throw new IllegalArgumentException("log record of " + size + " bytes exceeds the limit of "
                    + options.maxRecordSize());
        }
        for (;;) {
            checkUsable();
            appendLock.lock();
            try {
                long lsn = endLsn;
                long offset = Lsn.offset(lsn, segmentSize);
                // offset 0: the previous record ended exactly at a segment end; the new segment's header comes first
                long room = offset == 0 ? 0 : segmentSize - offset;
                int needed = size + (room < size ? (int) room + Segment.HEADER_SIZE : 0);
                if (active.remaining() >= needed) {
                    if (room < size) {
                        fillToNextSegment(lsn, room);
                        lsn = endLsn;
                    }
                    LogRecord.write(active, lsn, type, txnId, prevLsn, payload, appendCrc);
                    endLsn = lsn + size;
                    if (!writerSignalled && active.position() > active.capacity() / 2) {
                        writerSignalled = true; // under appendLock: one wake-up per buffer
                        LockSupport.unpark(backgroundWriter);
                    }
                    return lsn;
                }
            } finally {
                appendLock.unlock();
            }
            write(); // buffer full: write it (without sync) and retry
        }
    }

    /** Ends the segment with a SKIP record (or zeros if too little room) and adds the next segment's header. */
    private void fillToNextSegment(long lsn, long room) {
        if (room >= LogRecord.HEADER_SIZE) {
            LogRecord.write(active, lsn, LogRecordType.SKIP, 0, 0, new byte[(int) room - LogRecord.HEADER_SIZE]);
        } else {
            for (long i = 0; i < room; i++) {
                active.put((byte) 0);
            }
        }
        long next = room == 0 ? Lsn.segment(lsn, segmentSize) : Lsn.segment(lsn, segmentSize) + 1;
        active.put(Segment.header(segmentSize, next));
        endLsn = next * segmentSize + Segment.HEADER_SIZE;
    }

    /**
     * Appends a COMMIT record (payload: commit time in microseconds since the epoch) and,
     * unless commits are asynchronous, returns only once it is durable.
     */
    public long commit(long txnId, long prevLsn, long commitMicros) {
        byte[] payload = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(commitMicros).array();
        long lsn = append(LogRecordType.COMMIT, txnId, prevLsn, payload);
        if (!options.asyncCommit()) {
            flush(lsn);
        }
        return lsn;
    }

    // ------------------------------------------------------------------ flushing

    /** Returns once the record at {@code lsn} (and everything before it) is durable. */
    public void flush(long lsn) {
        while (durableLsn <= lsn) {
            checkUsable();
            if (ioLock.tryLock()) {
                try {
                    if (durableLsn <= lsn) {
                        writeBuffered();
                        forceCurrent();
                    }
                } finally {
                    ioLock.unlock();
                    wakeWaiters();
                }
            } else {
                awaitLeader(lsn);
            }
        }
    }

    /** A leader is writing: wait until it is done (then our record is durable, or we lead next). */
    private void awaitLeader(long lsn) {
        synchronized (durableMonitor) {
            while (durableLsn <= lsn && ioLock.isLocked() && failure == null) {
                try {
                    durableMonitor.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new WalException("interrupted while waiting for the log to become durable", e);
                }
            }
        }
    }

    private void wakeWaiters() {
        synchronized (durableMonitor) {
            durableMonitor.notifyAll();
        }
    }

    /** Writes the active buffer without forcing it (the buffer was full). */
    /**
     * Writes every record appended so far to the segment files without forcing them: from
     * then on a process crash loses none of them, an operating-system crash may (the promise
     * of asynchronous commit, and of SQLite's synchronous=NORMAL).
     */
    public void write() {
        ioLock.lock();
        try {
            checkUsable();
            writeBuffered();
        } finally {
            ioLock.unlock();
            wakeWaiters();
        }
    }

    /** Under ioLock: swap buffers and write what was appended. */
    private void writeBuffered() {
        ByteBuffer out;
        long start;
        long end;
        appendLock.lock();
        try {
            out = active;
            active = standby;
            standby = out;
            start = activeStartLsn;
            end = endLsn;
            activeStartLsn = end;
            active.clear();
        } finally {
            appendLock.unlock();
        }
        out.flip();
        try {
            long lsn = start;
            while (lsn < end) {
                long index = Lsn.segment(lsn, segmentSize);
                long chunkEnd = Math.min(end, (index + 1) * segmentSize);
                switchTo(index);
                ByteBuffer slice = out.slice(out.position(), (int) (chunkEnd - lsn));
                current.writeFully(slice, Lsn.offset(lsn, segmentSize));
                out.position(out.position() + (int) (chunkEnd - lsn));
                lsn = chunkEnd;
                writtenLsn = lsn;
            }
        } catch (IOException | RuntimeException e) {
            throw fail("write", e);
        } finally {
            out.clear();
        }
    }

    /** Under ioLock: forces completed segments, then the current one; everything written is then durable. */
    private void forceCurrent() {
        completedLock.lock();
        try {
            forceCompleted();
            try {
                if (current != null) {
                    current.force();
                }
            } catch (IOException | RuntimeException e) {
                throw fail("fsync", e);
            }
            durableLsn = Math.max(durableLsn, writtenLsn);
        } finally {
            completedLock.unlock();
        }
    }

    /**
     * Under completedLock: forces, closes and announces completed segments, oldest first. After
     * each, every record up to its end is durable (the older ones were forced before it).
     */
    private void forceCompleted() {
        Completed c;
        while ((c = completed.peekFirst()) != null) {
            try {
                c.handle().force();
            } catch (IOException | RuntimeException e) {
                throw fail("fsync", e);
            }
            completed.removeFirst();
            durableLsn = Math.max(durableLsn, c.endLsn());
            try {
                c.handle().close();
            } catch (IOException e) {
                // forced already: the records are safe; only the descriptor may leak
            }
            listener.segmentClosed(Segment.path(dir, c.index()), c.index() * segmentSize, c.endLsn());
        }
    }

    /** Background: forces the completed segments without holding ioLock. */
    private void forceCompletedInBackground() {
        completedLock.lock();
        try {
            if (!completed.isEmpty() && failure == null) {
                forceCompleted();
            }
        } finally {
            completedLock.unlock();
        }
    }

    /**
     * Under ioLock: makes segment {@code index} current. The previous one is complete: it goes
     * to {@code completed}, to be forced and announced by the background writer or the next
     * flush, whichever comes first.
     */
    private void switchTo(long index) throws IOException {
        if (index == currentIndex) {
            return;
        }
        if (current != null) {
            completedLock.lock();
            try {
                completed.addLast(new Completed(currentIndex, current, writtenLsn));
            } finally {
                completedLock.unlock();
            }
            current = null;
            LockSupport.unpark(backgroundWriter);
        }
        Path file = Segment.path(dir, index);
        boolean fresh = !Files.exists(file);
        if (fresh && reuseSpare(file)) {
            // a recycled segment: full size already; its old records carry other LSNs, so their
            // checksums fail at this position and readers stop at them. Only the header is new.
            current = options.fileIO().open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            currentIndex = index;
            current.writeFully(Segment.header(segmentSize, index), 0);
            current.force();
            forceDirectory();
            return;
        }
        current = options.fileIO().open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        currentIndex = index;
        if (fresh) {
            // full size up front: a commit's fdatasync then never has to update the file size
            zeroFill(current);
            current.writeFully(Segment.header(segmentSize, index), 0);
            current.force();
            forceDirectory();
        }
    }

    /** Writes a whole segment's worth of zeros (full size up front: an fdatasync then never updates the file size). */
    private void zeroFill(FileIO.Handle h) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(256 * 1024);
        for (long pos = 0; pos < segmentSize; pos += zeros.capacity()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), segmentSize - pos));
            h.writeFully(zeros, pos);
        }
    }

    private void forceDirectory() throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private WalException fail(String what, Exception cause) {
        WalException f = new WalException("the write-ahead log stopped accepting writes after a failed " + what
                + " in " + dir + " (" + cause.getMessage() + "); no later commit is acknowledged; restart to recover",
                cause);
        if (failure == null) {
            failure = f;
            return f;
        }
        return new WalException(failure.getMessage(), failure);
    }

    private void checkUsable() {
        WalException f = failure;
        if (f != null) {
            // a new exception each time (the stored one may be in flight already: throwing it
            // again would make try-with-resources suppress an exception with itself)
            throw new WalException(f.getMessage(), f);
        }
        if (closed) {
            throw new IllegalStateException("the write-ahead log is closed");
        }
    }

    private void backgroundWriteLoop() {
        while (!closed) {
            LockSupport.parkNanos(50_000_000L);
            if (closed || failure != null) {
                continue;
            }
            boolean due;
            appendLock.lock();
            try {
                due = active.position() > active.capacity() / 2;
                writerSignalled = false;
            } finally {
                appendLock.unlock();
            }
            if (due && ioLock.tryLock()) { // a leader busy with a flush writes the buffer anyway
                try {
                    if (!closed) {
                        writeBuffered();
                    }
                } catch (RuntimeException e) {
                    // fail-stop is recorded by writeBuffered; every caller sees it from now on
                } finally {
                    ioLock.unlock();
                    wakeWaiters();
                }
            }
            try {
                forceCompletedInBackground();
                prepareSpare();
            } catch (RuntimeException e) {
                // a failed fsync is recorded as the log's failure; a spare is only an optimisation
            } finally {
                wakeWaiters();
            }
        }
    }

    /**
     * Background: once the current segment is half written, makes sure a zero-filled spare
     * segment is ready, so that the coming switch renames it into place instead of zero-filling
     * and forcing a new file while appends wait.
     * Built under a temporary name and renamed only if no spare exists (synchronized with
     * {@link #deleteSegmentsBefore}, which recycles old segments as spares).
     */
    private void prepareSpare() {
        if (closed || failure != null || Lsn.offset(writtenLsn, segmentSize) < segmentSize / 2
                || Files.exists(sparePath(dir, 0)) || Files.exists(sparePath(dir, 1))) {
            return;
        }
        Path tmp = dir.resolve("spare.wal.tmp");
        try {
            try (FileIO.Handle h = options.fileIO().open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                zeroFill(h);
                h.force();
            }
            synchronized (this) {
                if (!Files.exists(sparePath(dir, 0))) {
                    Files.move(tmp, sparePath(dir, 0), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    forceDirectory();
                }
            }
        } catch (IOException e) {
            // no spare: the next switch creates its segment itself
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // left for the next attempt (TRUNCATE_EXISTING)
            }
        }
    }

    private void asyncFlushLoop() {
        long interval = options.asyncInterval().toNanos();
        while (!closed) {
            LockSupport.parkNanos(interval);
            try {
                long end = endLsn();
                if (end > durableLsn) {
                    flush(end - 1);
                }
            } catch (RuntimeException e) {
                return; // failed: every caller sees the failure from now on
            }
        }
    }

    // ------------------------------------------------------------------ reading and state

    /** LSN just after the last durable record. */
    public long durableLsn() {
        return durableLsn;
    }

    /** LSN where the next record will go. */
    public long endLsn() {
        appendLock.lock();
        try {
            return endLsn;
        } finally {
            appendLock.unlock();
        }
    }

    /** A reader over durable records from {@code fromLsn} (0: from the oldest segment kept). */
    public LogReader reader(long fromLsn) {
        long from = fromLsn;
        if (from == Lsn.NONE) {
            try {
                List<Long> indexes = segmentIndexes(dir);
                from = indexes.isEmpty() ? Segment.HEADER_SIZE : indexes.getFirst() * segmentSize + Segment.HEADER_SIZE;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new LogReader(dir, segmentSize, options.fileIO(), from);
    }

    /** The first LSN of the oldest segment kept (the oldest record a reader can still find). */
    public long oldestLsn() {
        try {
            List<Long> indexes = segmentIndexes(dir);
            long index = indexes.isEmpty() ? Lsn.segment(durableLsn, segmentSize) : indexes.getFirst();
            return index * segmentSize + Segment.HEADER_SIZE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The record boundary at or before {@code lsn} a reader can start from: the first record
     * of {@code lsn}'s segment (records never span segments). Readers looking for records at
     * or after an arbitrary LSN start here and skip the records before it.
     */
    public long segmentStart(long lsn) {
        return Lsn.segment(lsn, segmentSize) * segmentSize + Segment.HEADER_SIZE;
    }

    /** Spare segments kept for reuse (renamed into place instead of zero-filling a new file). */
    static final int SPARES = 2;

    private static Path sparePath(Path dir, int n) {
        return dir.resolve("spare-" + n + ".wal.spare");
    }

    /** Renames a spare segment to {@code file}; false if there is none. */
    private boolean reuseSpare(Path file) throws IOException {
        for (int n = 0; n < SPARES; n++) {
            Path spare = sparePath(dir, n);
            if (Files.exists(spare)) {
                try {
                    Files.move(spare, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    return true;
                } catch (java.nio.file.NoSuchFileException raced) {
                    // taken meanwhile
                }
            }
        }
        return false;
    }

    /**
     * Removes segments that end at or before {@code lsn} (the caller checked they are
     * checkpointed and archived): up to {@link #SPARES} are kept as spares for future
     * segments (recycled), the rest deleted. Returns how many were removed.
     */
    public synchronized int deleteSegmentsBefore(long lsn) {
        int deleted = 0;
        try {
            for (long index : segmentIndexes(dir)) {
                if ((index + 1) * segmentSize <= lsn && index < currentIndexSnapshot()) {
                    Path file = Segment.path(dir, index);
                    boolean recycled = false;
                    for (int n = 0; n < SPARES && !recycled; n++) {
                        Path spare = sparePath(dir, n);
                        if (!Files.exists(spare) && Files.size(file) == segmentSize) {
                            Files.move(file, spare, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                            recycled = true;
                        }
                    }
                    if (!recycled) {
                        Files.deleteIfExists(file);
                    }
                    deleted++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove old log segments: " + e.getMessage(), e);
        }
        return deleted;
    }

    private long currentIndexSnapshot() {
        return Lsn.segment(durableLsn, segmentSize);
    }

    /** Flushes everything appended, then closes. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            long end = endLsn();
            if (failure == null && end > durableLsn) {
                flush(end - 1);
            }
        } finally {
            closed = true;
            LockSupport.unpark(backgroundWriter);
            if (asyncFlusher != null) {
                LockSupport.unpark(asyncFlusher);
            }
            ioLock.lock();
            completedLock.lock();
            try {
                for (Completed c : completed) { // only after a failure: a clean close forced them
                    c.handle().close();
                }
                completed.clear();
                if (current != null) {
                    current.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                completedLock.unlock();
                ioLock.unlock();
                wakeWaiters();
            }
        }
    }
}
