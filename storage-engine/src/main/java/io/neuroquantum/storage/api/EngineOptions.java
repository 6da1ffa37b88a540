package io.neuroquantum.storage.api;

import io.neuroquantum.storage.file.FileIO;
import io.neuroquantum.storage.page.PageLayout;
import java.time.Duration;

/**
 * How an engine is opened.
 *
 * @param pageSize           4096, 8192 or 16384; fixed when the file is created, and must match when it is reopened
 * @param bufferPoolBytes    memory for the buffer pool (off-heap), never exceeded
 * @param pinWait            how long a page request waits for a free frame before failing
 * @param flushInterval      how often dirty pages are written in the background
 * @param walSegmentBytes    size of each write-ahead log segment file
 * @param asyncCommit        if true, {@link Transaction#commit()} returns before its record is
 *                           durable; a crash may then lose the commits of the last
 *                           {@code asyncCommitWindow}. Off by default.
 * @param asyncCommitWindow  the loss window of asynchronous commit
 * @param checkpointInterval a checkpoint is taken at least this often while the log grows
 * @param checkpointLogBytes and whenever this much log was written since the last one
 *                           (bounds recovery time)
 * @param lockTimeout        how long a transaction waits for a row or table lock
 * @param fileIO             file access for the page file and the log (tests inject faults here)
 */
public record EngineOptions(int pageSize, long bufferPoolBytes, Duration pinWait, Duration flushInterval,
        long walSegmentBytes, boolean asyncCommit, Duration asyncCommitWindow, Duration checkpointInterval,
        long checkpointLogBytes, Duration lockTimeout, FileIO fileIO) {

    public EngineOptions {
        PageLayout.checkPageSize(pageSize);
        if (bufferPoolBytes < 16L * pageSize) {
            throw new IllegalArgumentException("buffer pool must hold at least 16 pages");
        }
        if (checkpointLogBytes < walSegmentBytes) {
            throw new IllegalArgumentException("checkpoint log volume must be at least one segment");
        }
    }

    /** The given page and pool settings with default logging, checkpoint and lock settings. */
    public EngineOptions(int pageSize, long bufferPoolBytes, Duration pinWait, Duration flushInterval) {
        this(pageSize, bufferPoolBytes, pinWait, flushInterval, 16L << 20, false, Duration.ofMillis(10),
                Duration.ofSeconds(60), 64L << 20, Duration.ofSeconds(10), FileIO.REAL);
    }

    /**
     * 4 KiB pages, a 256 MiB pool, 10 s pin wait, flush every second, 16 MiB log segments,
     * synchronous commit, a checkpoint every minute or 64 MiB of log (recovery then redoes at
     * most that much), 10 s lock timeout.
     */
    public static EngineOptions defaults() {
        return new EngineOptions(4096, 256L << 20, Duration.ofSeconds(10), Duration.ofSeconds(1));
    }

    public EngineOptions withPageSize(int size) {
        return new EngineOptions(size, bufferPoolBytes, pinWait, flushInterval, walSegmentBytes, asyncCommit,
                asyncCommitWindow, checkpointInterval, checkpointLogBytes, lockTimeout, fileIO);
    }

    public EngineOptions withBufferPoolBytes(long bytes) {
        return new EngineOptions(pageSize, bytes, pinWait, flushInterval, walSegmentBytes, asyncCommit,
                asyncCommitWindow, checkpointInterval, checkpointLogBytes, lockTimeout, fileIO);
    }

    public EngineOptions withPinWait(Duration wait) {
        return new EngineOptions(pageSize, bufferPoolBytes, wait, flushInterval, walSegmentBytes, asyncCommit,
                asyncCommitWindow, checkpointInterval, checkpointLogBytes, lockTimeout, fileIO);
    }

    public EngineOptions withFlushInterval(Duration interval) {
        return new EngineOptions(pageSize, bufferPoolBytes, pinWait, interval, walSegmentBytes, asyncCommit,
                asyncCommitWindow, checkpointInterval, checkpointLogBytes, lockTimeout, fileIO);
    }

    public EngineOptions withWalSegmentBytes(long bytes) {
        return new EngineOptions(pageSize, bufferPoolBytes, pinWait, flushInterval, bytes, asyncCommit,
                asyncCommitWindow, checkpointInterval, Math.max(checkpointLogBytes, bytes), lockTimeout, fileIO);
    }

    /** Commits return before they are durable; a crash loses at most {@code window} of them. */
    public EngineOptions withAsyncCommit(Duration window) {
        return new EngineOptions(pageSize, bufferPoolBytes, pinWait, flushInterval, walSegmentBytes, true,
                window, checkpointInterval, checkpointLogBytes, lockTimeout, fileIO);
    }

    public EngineOptions withCheckpoints(Duration interval, long logBytes) {
        return new EngineOptions(pageSize, bufferPoolBytes, pinWait, flushInterval, walSegmentBytes, asyncCommit,
                asyncCommitWindow, interval, logBytes, lockTimeout, fileIO);
    }

    public EngineOptions withLockTimeout(Duration timeout) {
        return new EngineOptions(pageSize, bufferPoolBytes, pinWait, flushInterval, walSegmentBytes, asyncCommit,
                asyncCommitWindow, checkpointInterval, checkpointLogBytes, timeout, fileIO);
    }

    public EngineOptions withFileIO(FileIO io) {
        return new EngineOptions(pageSize, bufferPoolBytes, pinWait, flushInterval, walSegmentBytes, asyncCommit,
                asyncCommitWindow, checkpointInterval, checkpointLogBytes, lockTimeout, io);
    }
}
