package io.neuroquantum.storage.page;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Page 0 of every page file.
 *
 * <pre>
 * | offset | size | field                                                        |
 * |--------|------|--------------------------------------------------------------|
 * |      0 |   16 | common page header ({@link PageLayout}), type FILE_HEADER     |
 * |     16 |    8 | magic "NQDBPAGE"                                             |
 * |     24 |    4 | format version ({@link #FORMAT_VERSION})                     |
 * |     28 |    4 | page size in bytes                                           |
 * |     32 |    8 | page count: pages [0, count) are in use or on the free list  |
 * |     40 |    8 | first page of the free list, 0 if empty                      |
 * |     48 |    8 | number of pages on the free list                             |
 * |     56 |    8 | meta page of the tree directory (name → tree), 0 if none     |
 * |     64 |    … | zero                                                         |
 * </pre>
 *
 * The first 32 bytes are also read raw (before the buffer pool exists) to learn the page
 * size and to reject a file of another format with a clear message.
 */
public final class FileHeader {

    public static final byte[] MAGIC = "NQDBPAGE".getBytes(StandardCharsets.US_ASCII);
    public static final int FORMAT_VERSION = 2;

    public static final int MAGIC_OFFSET = 16;
    public static final int VERSION_OFFSET = 24;
    public static final int PAGE_SIZE_OFFSET = 28;
    public static final int PAGE_COUNT_OFFSET = 32;
    public static final int FREE_HEAD_OFFSET = 40;
    public static final int FREE_COUNT_OFFSET = 48;
    public static final int DIRECTORY_OFFSET = 56;

    /** Bytes to read raw to validate a file before opening it. */
    public static final int PREFIX_SIZE = 32;

    private FileHeader() {
    }

    /**
     * Checks the raw first bytes of a file and returns its page size.
     *
     * @throws StorageException naming the file and what is wrong with it
     */
    public static int validate(String file, MemorySegment prefix) {
        byte[] magic = new byte[MAGIC.length];
        MemorySegment.copy(prefix, ValueLayout.JAVA_BYTE, MAGIC_OFFSET, magic, 0, magic.length);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new StorageException(file + " is not a NeuroQuantumDB page file (bad magic)");
        }
        int version = prefix.get(ValueLayout.JAVA_INT_UNALIGNED, VERSION_OFFSET);
        if (version != FORMAT_VERSION) {
            throw new StorageException(file + " has page format version " + version + "; this engine reads version "
                    + FORMAT_VERSION);
        }
        int pageSize = prefix.get(ValueLayout.JAVA_INT_UNALIGNED, PAGE_SIZE_OFFSET);
        try {
            PageLayout.checkPageSize(pageSize);
        } catch (IllegalArgumentException e) {
            throw new StorageException(file + " declares an invalid page size " + pageSize);
        }
        return pageSize;
    }
}
