package io.neuroquantum.storage.wal;

/**
 * A log sequence number is the byte position of a record in the endless log stream.
 * Segment files hold fixed-size slices of it:
 *
 * <pre>
 *   LSN  = segmentIndex * segmentSize + offsetInSegment
 *   file = wal/&lt;segmentIndex as 16 hex digits&gt;.wal
 * </pre>
 *
 * Each segment starts with a {@link Segment#HEADER_SIZE}-byte header, so no record has
 * an LSN that is a multiple of the segment size; 0 means "no LSN".
 */
public final class Lsn {

    public static final long NONE = 0;

    private Lsn() {
    }

    public static long segment(long lsn, long segmentSize) {
        return lsn / segmentSize;
    }

    public static long offset(long lsn, long segmentSize) {
        return lsn % segmentSize;
    }

    public static String format(long lsn) {
        return String.format("%X/%08X", lsn >>> 32, lsn & 0xffffffffL);
    }
}
