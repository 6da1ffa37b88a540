package io.neuroquantum.storage.buffer;

/** A pinned page under a shared latch: many readers at once, no writer. */
public final class ReadGuard extends PageGuard {

    ReadGuard(BufferPool pool, Frame frame, long pageId, long stamp) {
        super(pool, frame, pageId, stamp);
    }

    @Override
    public void close() {
        if (page == null) {
            return;
        }
        page = null;
        frame.latch.unlockRead(stamp);
        frame.unpin();
    }
}
