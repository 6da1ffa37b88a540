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
                ByteBuffer head = ByteBuffer.allocate(LogRecord.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                if (open.readFully(head, offset) < LogRecord.HEADER_SIZE) {
                    return null;
                }
                int length = head.getInt(0);
                int payloadLength = head.getInt(12);
                if (length < LogRecord.HEADER_SIZE || offset + length > segmentSize
                        || payloadLength != length - LogRecord.HEADER_SIZE) {
                    return null;
                }
                LogRecordType type = LogRecordType.of(head.get(8));
                if (type == null) {
                    return null;
                }
                ByteBuffer whole = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
                if (open.readFully(whole, offset) < length) {
                    return null;
                }
                if (LogRecord.checksum(lsn, whole, 8, length - 8) != whole.getInt(4)) {
                    return null;
                }
                if (type == LogRecordType.SKIP) {
                    lsn = (index + 1) * segmentSize + Segment.HEADER_SIZE;
                    continue;
                }
                byte[] payload = new byte[payloadLength];
                whole.get(LogRecord.HEADER_SIZE, payload);
                LogRecord record = new LogRecord(lsn, type, whole.getLong(16), whole.getLong(24), payload);
                lsn = record.nextLsn();
                return record;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log at " + Lsn.format(lsn) + ": " + e.getMessage(), e);
        }
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
