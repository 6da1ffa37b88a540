package io.neuroquantum.storage.buffer;

/**
 * A resident page read without pin or latch (optimistic lock coupling): the holder reads
 * through the usual accessors, then calls {@link #validate()}; only if that succeeds did it
 * read a consistent version of page {@link #pageId()}. Anything read before a failed
 * validation may be garbage (a writer changed the page meanwhile, or the frame was given
 * to another page) and must be discarded: no decision may be acted on, no id followed to
 * the pool's pinned paths, before validation. The frame's memory stays mapped while the
 * pool is open, so reading garbage is safe; accessors may throw on garbage offsets, which
 * the holder treats like a failed validation.
 *
 * <p>Why validation suffices: every change of a frame's bytes (a write guard, loading
 * another page into the frame) holds its exclusive latch, and {@link java.util.concurrent.locks.StampedLock#validate}
 * fails once an exclusive latch was taken after the stamp was issued.
 */
public final class OptimisticGuard extends PageGuard {

    OptimisticGuard(BufferPool pool, Frame frame, long pageId, long stamp) {
        super(pool, frame, pageId, stamp);
    }

    /** Whether everything read so far belongs to one unchanged version of the page. */
    public boolean validate() {
        return frame.latch.validate(stamp) && frame.pageId == pageId;
    }

    /** Nothing to release. */
    @Override
    public void close() {
    }
}
