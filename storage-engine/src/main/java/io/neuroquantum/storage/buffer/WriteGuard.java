package io.neuroquantum.storage.buffer;

import io.neuroquantum.storage.page.PageLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A pinned page under the exclusive latch. Closing it marks the page dirty (before the
 * latch is released, so a concurrent write-back either sees the change or sees the flag).
 */
public final class WriteGuard extends PageGuard {

    WriteGuard(BufferPool pool, Frame frame, long pageId, long stamp) {
        super(pool, frame, pageId, stamp);
    }

    public void putByte(int offset, byte value) {
        page.set(ValueLayout.JAVA_BYTE, offset, value);
    }

    public void putShort(int offset, int value) {
        page.set(SHORT, offset, (short) value);
    }

    public void putInt(int offset, int value) {
        page.set(INT, offset, value);
    }

    public void putLong(int offset, long value) {
        page.set(LONG, offset, value);
    }

    public void copyFrom(byte[] src, int srcOffset, int offset, int length) {
        MemorySegment.copy(src, srcOffset, page, ValueLayout.JAVA_BYTE, offset, length);
    }

    /** Copies bytes from another page (any guard) into this one. */
    public void copyFrom(PageGuard src, int srcOffset, int offset, int length) {
        MemorySegment.copy(src.page, srcOffset, page, offset, length);
    }

    /** Moves bytes within the page; overlapping ranges are handled. */
    public void move(int from, int to, int length) {
        MemorySegment.copy(page, from, page, to, length);
    }

    public void fill(int offset, int length, byte value) {
        page.asSlice(offset, length).fill(value);
    }

    /** Sets the page LSN: the LSN of the last log record applied to this page. */
    public void setPageLsn(long lsn) {
        putLong(PageLayout.LSN_OFFSET, lsn);
    }

    @Override
    public void close() {
        if (page == null) {
            return;
        }
        page = null;
        frame.dirty = true;
        frame.latch.unlockWrite(stamp);
        frame.unpin();
    }
}
