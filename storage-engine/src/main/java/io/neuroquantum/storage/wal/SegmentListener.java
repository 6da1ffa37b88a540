package io.neuroquantum.storage.wal;

import java.nio.file.Path;

/** Told when a segment is complete and durable (the backup service archives it). */
@FunctionalInterface
public interface SegmentListener {

    SegmentListener NONE = (file, first, end) -> { };

    /**
     * @param file     the segment file (do not modify it)
     * @param firstLsn LSN of its first byte
     * @param endLsn   LSN just after its last record
     */
    void segmentClosed(Path file, long firstLsn, long endLsn);
}
