package io.neuroquantum.storage.wal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * A segment file: a fixed-size slice of the log stream.
 *
 * <pre>
 * | offset | size | field                                     |
 * |--------|------|-------------------------------------------|
 * |      0 |    8 | magic "NQWALSEG"                          |
 * |      8 |    4 | format version (1)                        |
 * |     12 |    4 | CRC32C of bytes [0, 12) and [16, 32)      |
 * |     16 |    8 | segment size in bytes                     |
 * |     24 |    8 | segment index (first LSN / segment size)  |
 * |     32 |    … | records, then zeros (never-written space) |
 * </pre>
 *
 * Files are created at full size (zero-filled) so that a commit's fdatasync never has to
 * write file-size metadata as well.
 */
final class Segment {

    static final int HEADER_SIZE = 32;
    static final byte[] MAGIC = "NQWALSEG".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;

    private Segment() {
    }

    static Path path(Path dir, long index) {
        return dir.resolve(String.format("%016x.wal", index));
    }

    /** The index encoded in a segment file name, or -1 if the name is not one. */
    static long indexOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.matches("[0-9a-f]{16}\\.wal")) {
            return -1;
        }
        return Long.parseUnsignedLong(name.substring(0, 16), 16);
    }

    static ByteBuffer header(long segmentSize, long index) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(0).putLong(segmentSize).putLong(index);
        b.putInt(12, crc(b));
        return b.flip();
    }

    /** Whether the bytes are the header of segment {@code index} of that size. */
    static boolean validHeader(ByteBuffer b, long segmentSize, long index) {
        if (b.remaining() < HEADER_SIZE) {
            return false;
        }
        ByteBuffer h = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        h.get(0, magic);
        return java.util.Arrays.equals(magic, MAGIC) && h.getInt(8) == VERSION && h.getInt(12) == crc(h)
                && h.getLong(16) == segmentSize && h.getLong(24) == index;
    }

    /** The segment size in an intact header of segment {@code index}, or -1. */
    static long headerSegmentSize(ByteBuffer b, long index) {
        if (b.remaining() < HEADER_SIZE) {
            return -1;
        }
        ByteBuffer h = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        h.get(0, magic);
        boolean intact = java.util.Arrays.equals(magic, MAGIC) && h.getInt(8) == VERSION && h.getInt(12) == crc(h)
                && h.getLong(24) == index;
        return intact ? h.getLong(16) : -1;
    }

    private static int crc(ByteBuffer b) {
        CRC32C c = new CRC32C();
        c.update(b.slice(0, 12));
        c.update(b.slice(16, 16));
        return (int) c.getValue();
    }
}
