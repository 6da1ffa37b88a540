package io.neuroquantum.storage.space;

import io.neuroquantum.storage.buffer.BufferPool;
import io.neuroquantum.storage.buffer.ReadGuard;
import io.neuroquantum.storage.buffer.WriteGuard;
import io.neuroquantum.storage.file.PageFile;
import io.neuroquantum.storage.page.FileHeader;
import io.neuroquantum.storage.page.PageLayout;
import io.neuroquantum.storage.page.PageType;
import io.neuroquantum.storage.page.StorageException;

/**
 * Hands out and takes back pages. Freed pages form a persistent linked list (each FREE
 * page holds the id of the next at {@link #NEXT_FREE_OFFSET}; the head and the count are
 * in the file header), so they are reused first and survive reopen. When the list is
 * empty the page count grows and the file is extended in extents.
 *
 * <p>Latch order: every operation latches the header page (0) exclusively and, inside
 * that, at most one free page. Callers may hold latches on other pages (a splitting tree
 * holds its nodes); nobody ever requests another page while holding the header, so the
 * header is always the last latch taken and cannot be part of a cycle.
 */
public final class PageAllocator {

    /** In a FREE page: id of the next free page, 0 at the end of the list. */
    public static final int NEXT_FREE_OFFSET = PageLayout.HEADER_SIZE;

    private final BufferPool pool;
    private final PageFile file;

    public PageAllocator(BufferPool pool, PageFile file) {
        this.pool = pool;
        this.file = file;
    }

    /** Formats page 0 of a new file. */
    public static void format(BufferPool pool, PageFile file) {
        file.ensureCapacity(1);
        try (WriteGuard h = pool.create(0)) {
            h.putByte(PageLayout.TYPE_OFFSET, PageType.FILE_HEADER.code());
            h.copyFrom(FileHeader.MAGIC, 0, FileHeader.MAGIC_OFFSET, FileHeader.MAGIC.length);
            h.putInt(FileHeader.VERSION_OFFSET, FileHeader.FORMAT_VERSION);
            h.putInt(FileHeader.PAGE_SIZE_OFFSET, pool.pageSize());
            h.putLong(FileHeader.PAGE_COUNT_OFFSET, 1);
        }
    }

    /**
     * A page id that is now the caller's. The caller formats it with {@code pool.create(id)}
     * (its old contents, if any, are meaningless).
     */
    public long allocate() {
        try (WriteGuard h = pool.write(0)) {
            return allocate(h);
        }
    }

    /** Allocates with the header already latched exclusively. */
    private long allocate(WriteGuard h) {
        long head = h.getLong(FileHeader.FREE_HEAD_OFFSET);
        if (head != 0) {
            long next;
            try (ReadGuard free = pool.read(head)) {
                byte type = free.getByte(PageLayout.TYPE_OFFSET);
                if (type != PageType.FREE.code() && type != PageType.OVERFLOW.code()) {
                    throw new StorageException("free list of " + file.path() + " is corrupt: page " + head
                            + " is not a free page");
                }
                next = free.getLong(NEXT_FREE_OFFSET);
            }
            h.putLong(FileHeader.FREE_HEAD_OFFSET, next);
            h.putLong(FileHeader.FREE_COUNT_OFFSET, h.getLong(FileHeader.FREE_COUNT_OFFSET) - 1);
            return head;
        }
        long id = h.getLong(FileHeader.PAGE_COUNT_OFFSET);
        file.ensureCapacity(id + 1);
        h.putLong(FileHeader.PAGE_COUNT_OFFSET, id + 1);
        return id;
    }

    /**
     * {@code n} pages for a chain: first from the free list, in list order, then from the
     * end of the file. Returns the ids; {@code fromFreeList[0]} is how many came from the
     * list (a prefix). In list order, page i's free-list link (at {@link #NEXT_FREE_OFFSET})
     * already names page i + 1, except for the last page taken from the list.
     */
    public long[] allocateRun(int n, int[] fromFreeList) {
        long[] ids = new long[n];
        int listed = 0;
        try (WriteGuard h = pool.write(0)) {
            for (int i = 0; i < n; i++) {
                long before = h.getLong(FileHeader.FREE_HEAD_OFFSET);
                ids[i] = allocate(h);
                if (before != 0) {
                    listed++;
                }
            }
        }
        fromFreeList[0] = listed;
        return ids;
    }

    /**
     * Returns a whole chain of pages linked through the field at {@link #NEXT_FREE_OFFSET}
     * (an overflow chain) to the free list in one step: only the header and the chain's last
     * page change, however long the chain. Its pages keep their OVERFLOW type on the list.
     */
    public void freeChain(long first, long last, long count) {
        if (first <= 0 || last <= 0 || count <= 0) {
            throw new IllegalArgumentException("cannot free chain " + first + ".." + last);
        }
        try (WriteGuard h = pool.write(0)) {
            long head = h.getLong(FileHeader.FREE_HEAD_OFFSET);
            try (WriteGuard tail = pool.write(last)) {
                tail.putLong(NEXT_FREE_OFFSET, head);
            }
            h.putLong(FileHeader.FREE_HEAD_OFFSET, first);
            h.putLong(FileHeader.FREE_COUNT_OFFSET, h.getLong(FileHeader.FREE_COUNT_OFFSET) + count);
        }
    }

    /** Returns a page to the free list. The caller must hold no guard on it. */
    public void free(long pageId) {
        if (pageId <= 0) {
            throw new IllegalArgumentException("cannot free page " + pageId);
        }
        try (WriteGuard h = pool.write(0)) {
            long head = h.getLong(FileHeader.FREE_HEAD_OFFSET);
            try (WriteGuard p = pool.create(pageId)) {
                p.putByte(PageLayout.TYPE_OFFSET, PageType.FREE.code());
                p.putLong(NEXT_FREE_OFFSET, head);
            }
            h.putLong(FileHeader.FREE_HEAD_OFFSET, pageId);
            h.putLong(FileHeader.FREE_COUNT_OFFSET, h.getLong(FileHeader.FREE_COUNT_OFFSET) + 1);
        }
    }

    public long pageCount() {
        try (ReadGuard h = pool.read(0)) {
            return h.getLong(FileHeader.PAGE_COUNT_OFFSET);
        }
    }

    public long freeCount() {
        try (ReadGuard h = pool.read(0)) {
            return h.getLong(FileHeader.FREE_COUNT_OFFSET);
        }
    }

    /** The free pages in list order (for the structural checker). */
    public java.util.List<Long> freePages() {
        java.util.List<Long> out = new java.util.ArrayList<>();
        long id;
        try (ReadGuard h = pool.read(0)) {
            id = h.getLong(FileHeader.FREE_HEAD_OFFSET);
        }
        while (id != 0) {
            out.add(id);
            try (ReadGuard p = pool.read(id)) {
                id = p.getLong(NEXT_FREE_OFFSET);
            }
        }
        return out;
    }

    public long directoryPage() {
        try (ReadGuard h = pool.read(0)) {
            return h.getLong(FileHeader.DIRECTORY_OFFSET);
        }
    }

    public void setDirectoryPage(long pageId) {
        try (WriteGuard h = pool.write(0)) {
            h.putLong(FileHeader.DIRECTORY_OFFSET, pageId);
        }
    }
}
