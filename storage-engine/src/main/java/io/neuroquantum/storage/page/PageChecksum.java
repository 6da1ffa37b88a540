package io.neuroquantum.storage.page;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32C;

/**
 * CRC32C over bytes [4, pageSize) stored in bytes [0, 4). Computed when a page goes to
 * disk, verified when it comes back: a page whose checksum does not match is never handed
 * out. An all-zero page (never written) fails verification too, because its stored
 * checksum (0) is not the CRC of its zero body.
 */
public final class PageChecksum {

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private PageChecksum() {
    }

    public static int compute(MemorySegment page) {
        CRC32C crc = new CRC32C();
        crc.update(page.asSlice(4).asByteBuffer());
        return (int) crc.getValue();
    }

    public static void stamp(MemorySegment page) {
        page.set(INT, PageLayout.CHECKSUM_OFFSET, compute(page));
    }

    public static int stored(MemorySegment page) {
        return page.get(INT, PageLayout.CHECKSUM_OFFSET);
    }

    /** Throws {@link PageCorruptedException} naming file, page and both checksums on a mismatch. */
    public static void verify(MemorySegment page, String file, long pageId) {
        int expected = stored(page);
        int actual = compute(page);
        if (expected != actual) {
            throw new PageCorruptedException(file, pageId, expected, actual);
        }
    }
}
