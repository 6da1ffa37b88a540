package io.neuroquantum.storage.buffer;

import io.neuroquantum.storage.page.PageLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A pinned page under the exclusive latch. Every change made through it is recorded as
 * redo ({@link PageRedo}) for the write-ahead log.
 *
 * <p>Inside a {@link MiniTransaction}, {@link #close()} of a changed page does not release
 * it: the mini-transaction keeps the latch until its record is in the log and the page
 * LSN is stamped, so no other thread (and no write-back) sees a change the log does not
 * have yet. An unchanged page is released at once. Outside a mini-transaction, closing a
 * changed page logs it alone as one record.
 */
public final class WriteGuard extends PageGuard {

    final PageRedo redo;
    final MiniTransaction mtr;
    private boolean released;
    /** Times this guard was handed out again by the pool inside its mini-transaction; each close undoes one. */
    int nested;

    WriteGuard(BufferPool pool, Frame frame, long pageId, long stamp, MiniTransaction mtr, PageRedo.Mode mode) {
        super(pool, frame, pageId, stamp);
        this.mtr = mtr;
        this.redo = new PageRedo(this, mode == PageRedo.Mode.INIT ? 0 : page.get(LONG, PageLayout.LSN_OFFSET), mode);
    }

    public void putByte(int offset, byte value) {
        page.set(ValueLayout.JAVA_BYTE, offset, value);
        redo.set(offset, 1);
    }

    public void putShort(int offset, int value) {
        page.set(SHORT, offset, (short) value);
        redo.set(offset, 2);
    }

    public void putInt(int offset, int value) {
        page.set(INT, offset, value);
        redo.set(offset, 4);
    }

    public void putLong(int offset, long value) {
        page.set(LONG, offset, value);
        redo.set(offset, 8);
    }

    public void copyFrom(byte[] src, int srcOffset, int offset, int length) {
        MemorySegment.copy(src, srcOffset, page, ValueLayout.JAVA_BYTE, offset, length);
        redo.set(offset, length);
    }

    /** Copies bytes from another page (any guard) into this one. */
    public void copyFrom(PageGuard src, int srcOffset, int offset, int length) {
        MemorySegment.copy(src.page, srcOffset, page, offset, length);
        redo.set(offset, length);
    }

    /** Moves bytes within the page; overlapping ranges are handled. */
    public void move(int from, int to, int length) {
        MemorySegment.copy(page, from, page, to, length);
        redo.move(from, to, length);
    }

    public void fill(int offset, int length, byte value) {
        page.asSlice(offset, length).fill(value);
        redo.fill(offset, length, value);
    }

    /** Stamps the page LSN (not itself logged: it is the LSN of the record that logs the change). */
    void stampLsn(long lsn) {
        page.set(LONG, PageLayout.LSN_OFFSET, lsn);
    }

    /** Recovery only: applies logged page operations (see {@link PageRedo#apply}); not logged again. */
    public void applyRedo(java.nio.ByteBuffer ops) {
        PageRedo.apply(page, ops);
    }

    /** Recovery only: overwrites the whole page with a logged image; not logged again. */
    public void installImage(byte[] src, int offset) {
        MemorySegment.copy(src, offset, page, ValueLayout.JAVA_BYTE, 0, (int) page.byteSize());
    }

    /** Recovery only: zeroes the page (an INIT record re-creates it); not logged again. */
    public void zero() {
        page.fill((byte) 0);
    }

    /** The page LSN as it is now. */
    public long pageLsn() {
        return page.get(LONG, PageLayout.LSN_OFFSET);
    }

    @Override
    public void close() {
        if (page == null) {
            return;
        }
        if (nested > 0) {
            nested--; // an inner user of the same page is done; the outer one still holds it
            return;
        }
        if (mtr != null) {
            if (redo.changed()) {
                return; // released by the mini-transaction once logged
            }
            mtr.forget(this);
            release(false);
            return;
        }
        if (redo.changed()) {
            MiniTransaction.logAlone(pool, this);
            return;
        }
        release(false);
    }

    /** Drops the latch and the pin; marks the frame dirty first if the page changed. */
    void release(boolean changed) {
        if (released) {
            return;
        }
        released = true;
        page = null;
        if (changed) {
            frame.dirty = true;
        }
        frame.latch.unlockWrite(stamp);
        frame.unpin();
    }
}
