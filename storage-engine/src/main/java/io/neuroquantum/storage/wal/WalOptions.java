package io.neuroquantum.storage.wal;

import io.neuroquantum.storage.file.FileIO;
import java.time.Duration;

/**
 * @param segmentSize     bytes per segment file (a multiple of 4096, at least 64 KiB)
 * @param bufferSize      bytes of each of the two in-memory log buffers
 * @param asyncCommit     if true, a commit returns before its record is durable; a
 *                        background flush every {@code asyncInterval} bounds what a crash can lose
 * @param asyncInterval   the loss window of asynchronous commit
 * @param fileIO          file access (tests inject faults here)
 */
public record WalOptions(long segmentSize, int bufferSize, boolean asyncCommit, Duration asyncInterval, FileIO fileIO) {

    public WalOptions {
        if (segmentSize < 65536 || segmentSize % 4096 != 0) {
            throw new IllegalArgumentException("segment size must be a multiple of 4096 and at least 64 KiB");
        }
        if (bufferSize < 65536) {
            throw new IllegalArgumentException("log buffer must be at least 64 KiB");
        }
    }

    /** 16 MiB segments, 1 MiB buffers, synchronous commit. */
    public static WalOptions defaults() {
        return new WalOptions(16L << 20, 1 << 20, false, Duration.ofMillis(10), FileIO.REAL);
    }

    public WalOptions withSegmentSize(long bytes) {
        return new WalOptions(bytes, bufferSize, asyncCommit, asyncInterval, fileIO);
    }

    public WalOptions withAsyncCommit(Duration lossWindow) {
        return new WalOptions(segmentSize, bufferSize, true, lossWindow, fileIO);
    }

    public WalOptions withFileIO(FileIO io) {
        return new WalOptions(segmentSize, bufferSize, asyncCommit, asyncInterval, io);
    }

    /** The largest record accepted. */
    public int maxRecordSize() {
        return (int) Math.min(bufferSize / 2, (segmentSize - Segment.HEADER_SIZE) / 2);
    }
}
