package io.neuroquantum.storage.wal;

import io.neuroquantum.storage.file.FileIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads durable records forward from an LSN. The log ends at the first position that does
 * not hold a valid record: never-written space (length 0), a length that does not fit, an
 * unknown type, a checksum mismatch (a torn write), or a missing or invalid segment. What
 * lies beyond that point is never returned.
 */
public final class LogReader implements AutoCloseable {

    private final Path dir;
    private final long segmentSize;
    private final FileIO io;
    private long lsn;
    private long openIndex = -1;
    private FileIO.Handle open;
    private static final int WINDOW = 1 << 20;
    private ByteBuffer window = ByteBuffer.allocate(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
    private long windowAt = -1; // segment offset of window[0], -1: empty
    private int windowLength;

    LogReader(Path dir, long segmentSize, FileIO io, long fromLsn) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.io = io;
        this.lsn = fromLsn;
    }

    /** Where the next record would start: after {@link #next()} returned null, the end of the valid log. */
    public long position() {
        return lsn;
    }

    /** The next record, or null at the end of the valid log. */
    public LogRecord next() {
        try {
            for (;;) {
                long index = Lsn.segment(lsn, segmentSize);
                long offset = Lsn.offset(lsn, segmentSize);
                if (offset < Segment.HEADER_SIZE) {
                    lsn = index * segmentSize + Segment.HEADER_SIZE;
                    offset = Segment.HEADER_SIZE;
                }
                if (!openSegment(index)) {
                    return null;
                }
                if (segmentSize - offset < LogRecord.HEADER_SIZE) {
                    lsn = (index + 1) * segmentSize + Segment.HEADER_SIZE;
                    continue;
                }
                if (!fill(offset, LogRecord.HEADER_SIZE)) {
                    return null;
                }
                int base = (int) (offset - windowAt);
                int length = window.getInt(base);
                int payloadLength = window.getInt(base + 12);
                if (length < LogRecord.HEADER_SIZE || offset + length > segmentSize
                        || payloadLength != length - LogRecord.HEADER_SIZE) {
                    return null;
                }
                LogRecordType type = LogRecordType.of(window.get(base + 8));
                if (type == null) {
                    return null;
                }
                if (!fill(offset, length)) {
                    return null;
                }
                base = (int) (offset - windowAt);
                if (LogRecord.checksum(lsn, window, base + 8, length - 8) != window.getInt(base + 4)) {
                    return null;
                }
                if (type == LogRecordType.SKIP) {
                    lsn = (index + 1) * segmentSize + Segment.HEADER_SIZE;
                    continue;
                }
                byte[] payload = new byte[payloadLength];
                window.get(base + LogRecord.HEADER_SIZE, payload);
                LogRecord record = new LogRecord(lsn, type, window.getLong(base + 16), window.getLong(base + 24), payload);
                lsn = record.nextLsn();
                return record;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log at " + Lsn.format(lsn) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes {@code [offset, offset + length)} of the open segment available in the window
     * (reading ahead a megabyte at a time); false if the segment ends before.
     */
    private boolean fill(long offset, int length) throws IOException {
        if (windowAt >= 0 && offset >= windowAt && offset + length <= windowAt + windowLength) {
            return true;
        }
        int want = (int) Math.min(Math.max(WINDOW, length), segmentSize - offset);
        if (want < length) {
            return false;
        }
        if (want > window.capacity()) {
            window = ByteBuffer.allocate(want).order(ByteOrder.LITTLE_ENDIAN);
        }
        window.clear().limit(want);
        int n = open.readFully(window, offset);
        windowAt = offset;
        windowLength = Math.max(0, n);
        return windowLength >= length;
    }

    private boolean openSegment(long index) throws IOException {
        if (index == openIndex) {
            return true;
        }
        close();
        Path file = Segment.path(dir, index);
        if (!Files.exists(file)) {
            return false;
        }
        FileIO.Handle h = io.open(file, StandardOpenOption.READ);
        ByteBuffer header = ByteBuffer.allocate(Segment.HEADER_SIZE);
        h.readFully(header, 0);
        if (!Segment.validHeader(header.flip(), segmentSize, index)) {
            h.close();
            return false;
        }
        open = h;
        openIndex = index;
        windowAt = -1;
        return true;
    }

    @Override
    public void close() {
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // read-only handle: nothing to lose
            }
            open = null;
            openIndex = -1;
        }
    }
}
