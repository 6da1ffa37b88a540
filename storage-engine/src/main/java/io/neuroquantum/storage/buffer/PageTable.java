package io.neuroquantum.storage.buffer;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Page id → frame, as a two-level radix array (page ids are dense: 0 … page count). A
 * lookup is two array loads, no hashing and no boxing; chunks of 65,536 entries are
 * allocated on first use, so a 10 GiB file of 4 KiB pages costs 40 chunk slots and
 * 20 MiB at most.
 *
 * <p>Writers ({@link #put}, {@link #remove}) run under the buffer pool's eviction lock.
 * Readers take no lock: a volatile load gives them either the current frame or a stale
 * one, and the pool validates every hit by pinning the frame and re-checking its page id.
 * A reader that misses falls back to the locked path, which looks again, so a page is
 * never loaded into two frames.
 */
final class PageTable {

    private static final int CHUNK_BITS = 16;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;

    private volatile AtomicReferenceArray<Frame>[] chunks;

    @SuppressWarnings("unchecked")
    PageTable() {
        chunks = new AtomicReferenceArray[16];
    }

    Frame get(long pageId) {
        long c = pageId >>> CHUNK_BITS;
        AtomicReferenceArray<Frame>[] cs = chunks;
        if (c >= cs.length) {
            return null;
        }
        AtomicReferenceArray<Frame> chunk = cs[(int) c];
        return chunk == null ? null : chunk.get((int) (pageId & CHUNK_MASK));
    }

    boolean containsKey(long pageId) {
        return get(pageId) != null;
    }

    /** Under the eviction lock. */
    void put(long pageId, Frame frame) {
        chunkFor(pageId).set((int) (pageId & CHUNK_MASK), frame);
    }

    /** Under the eviction lock: removes the mapping if it still points to {@code frame}. */
    void remove(long pageId, Frame frame) {
        AtomicReferenceArray<Frame> chunk = chunkOrNull(pageId);
        if (chunk != null) {
            chunk.compareAndSet((int) (pageId & CHUNK_MASK), frame, null);
        }
    }

    private AtomicReferenceArray<Frame> chunkOrNull(long pageId) {
        long c = pageId >>> CHUNK_BITS;
        AtomicReferenceArray<Frame>[] cs = chunks;
        return c < cs.length ? cs[(int) c] : null;
    }

    @SuppressWarnings("unchecked")
    private AtomicReferenceArray<Frame> chunkFor(long pageId) {
        long c = pageId >>> CHUNK_BITS;
        if (c > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("page id " + pageId + " out of range");
        }
        AtomicReferenceArray<Frame>[] cs = chunks;
        if (c >= cs.length) {
            AtomicReferenceArray<Frame>[] grown = new AtomicReferenceArray[(int) Math.max(c + 1, cs.length * 2L)];
            System.arraycopy(cs, 0, grown, 0, cs.length);
            chunks = grown;
            cs = grown;
        }
        AtomicReferenceArray<Frame> chunk = cs[(int) c];
        if (chunk == null) {
            chunk = new AtomicReferenceArray<>(CHUNK_SIZE);
            cs[(int) c] = chunk;
            chunks = cs; // republish so readers see the new chunk
        }
        return chunk;
    }
}
