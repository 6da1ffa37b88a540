package io.neuroquantum.storage.btree;

import io.neuroquantum.storage.buffer.BufferPool;
import io.neuroquantum.storage.buffer.ReadGuard;
import io.neuroquantum.storage.buffer.WriteGuard;
import io.neuroquantum.storage.page.PageLayout;
import io.neuroquantum.storage.page.PageType;
import io.neuroquantum.storage.page.StorageException;
import io.neuroquantum.storage.space.PageAllocator;

/**
 * Values too large to store inline live in a chain of overflow pages.
 *
 * <pre>
 * | offset | size | field                                   |
 * |--------|------|-----------------------------------------|
 * |      0 |   16 | common page header, type OVERFLOW       |
 * |     16 |    8 | next page of the chain, 0 at the end    |
 * |     24 |    4 | bytes of value data in this page        |
 * |     28 |    … | value data                              |
 * </pre>
 *
 * A chain is written completely before the leaf cell that points to it, and freed only
 * after that cell is gone, both under the leaf's exclusive latch; readers holding the
 * leaf's shared latch can therefore read the chain without latching anything else first.
 */
final class OverflowChain {

    static final int NEXT = 16;
    static final int LENGTH = 24;
    static final int DATA = 28;

    private OverflowChain() {
    }

    /**
     * Chains of more pages than this are written mostly page by page, each page logged on
     * its own and released at once, instead of staying latched in the caller's
     * mini-transaction (a mini-transaction's pages must fit the buffer pool and its record
     * the log buffer). That is safe because such a page's content cannot hurt if the
     * mini-transaction never reaches the log: a page taken from the free list keeps its
     * free-list link (the chain's next-page field is the same field and, in list order, the
     * same page), and a page from the end of the file was never allocated. The two pages
     * where the links differ (the chain's last page, and the last one taken from the list
     * when the file had to grow after it) stay in the mini-transaction.
     */
    static final int DETACHED_PAGES = 8;

    static long write(BufferPool pool, PageAllocator allocator, byte[] value) {
        int perPage = pool.pageSize() - DATA;
        int pages = Math.max(1, (value.length + perPage - 1) / perPage);
        int[] listed = new int[1];
        long[] ids = allocator.allocateRun(pages, listed);
        boolean detachable = pages > DETACHED_PAGES;
        for (int i = 0; i < pages; i++) {
            int from = i * perPage;
            int len = Math.min(perPage, value.length - from);
            boolean detached = detachable && i != pages - 1 && i != listed[0] - 1;
            try (WriteGuard g = detached ? pool.createDetached(ids[i]) : pool.create(ids[i])) {
                g.putByte(PageLayout.TYPE_OFFSET, PageType.OVERFLOW.code());
                g.putLong(NEXT, i + 1 < pages ? ids[i + 1] : 0);
                g.putInt(LENGTH, len);
                g.copyFrom(value, from, DATA, len);
            }
        }
        return ids[0];
    }

    static byte[] read(BufferPool pool, long first, int length) {
        byte[] out = new byte[length];
        int at = 0;
        long id = first;
        while (at < length) {
            if (id == 0) {
                throw new StorageException("overflow chain starting at page " + first + " ends after " + at + " of "
                        + length + " bytes");
            }
            try (ReadGuard g = pool.read(id)) {
                if (g.getByte(PageLayout.TYPE_OFFSET) != PageType.OVERFLOW.code()) {
                    throw new StorageException("page " + id + " in the overflow chain at " + first + " is not an overflow page");
                }
                int len = g.getInt(LENGTH);
                g.copyTo(DATA, out, at, Math.min(len, length - at));
                at += len;
                id = g.getLong(NEXT);
            }
        }
        return out;
    }

    /** Returns the chain to the free list (one step, see {@link PageAllocator#freeChain}). */
    static void free(BufferPool pool, PageAllocator allocator, long first) {
        long last = first;
        long count = 1;
        for (long id = first; ; count++) {
            long next;
            try (ReadGuard g = pool.read(id)) {
                next = g.getLong(NEXT);
            }
            if (next == 0) {
                last = id;
                break;
            }
            id = next;
        }
        allocator.freeChain(first, last, count);
    }

    /** Every page of the chain (for the structural checker). */
    static java.util.List<Long> pages(BufferPool pool, long first) {
        java.util.List<Long> out = new java.util.ArrayList<>();
        for (long id = first; id != 0; ) {
            out.add(id);
            try (ReadGuard g = pool.read(id)) {
                id = g.getLong(NEXT);
            }
        }
        return out;
    }
}
