package io.neuroquantum.storage.page;

/**
 * The header every page starts with, whatever its type.
 *
 * <pre>
 * | offset | size | field                                                        |
 * |--------|------|--------------------------------------------------------------|
 * |      0 |    4 | CRC32C of bytes [4, pageSize), computed when the page is written |
 * |      4 |    8 | page LSN: LSN of the last log record applied to the page (0 until the WAL exists) |
 * |     12 |    1 | page type, see {@link PageType}                               |
 * |     13 |    3 | reserved, zero                                               |
 * |     16 |    … | type-specific body                                           |
 * </pre>
 *
 * Multi-byte fields are little-endian (native on x86 and ARM), except keys, which are
 * byte strings compared unsigned.
 */
public final class PageLayout {

    public static final int CHECKSUM_OFFSET = 0;
    public static final int LSN_OFFSET = 4;
    public static final int TYPE_OFFSET = 12;
    public static final int HEADER_SIZE = 16;

    public static final int MIN_PAGE_SIZE = 4096;
    public static final int MAX_PAGE_SIZE = 16384;

    private PageLayout() {
    }

    /** 4, 8 or 16 KiB. */
    public static void checkPageSize(int pageSize) {
        if (pageSize != 4096 && pageSize != 8192 && pageSize != 16384) {
            throw new IllegalArgumentException("page size must be 4096, 8192 or 16384 bytes, not " + pageSize);
        }
    }
}
