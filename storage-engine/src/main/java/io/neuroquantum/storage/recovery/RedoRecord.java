package io.neuroquantum.storage.recovery;

import io.neuroquantum.storage.buffer.PageRedo;
import io.neuroquantum.storage.wal.PayloadWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Payload of UPDATE, CLR and REDO records (see docs/formats/wal.md):
 *
 * <pre>
 * | size | field                                                        |
 * |------|--------------------------------------------------------------|
 * |    4 | prefix length P                                              |
 * |    P | prefix: UPDATE the logical undo, CLR the undoNextLsn (8 bytes), REDO nothing |
 * |    2 | number of pages N                                            |
 * |      | N times: u64 page id, u8 mode (0 DELTA, 1 INIT, 2 IMAGE), u32 length, bytes |
 * </pre>
 *
 * DELTA and INIT carry {@link PageRedo} operations; IMAGE carries the whole page.
 */
public record RedoRecord(byte[] prefix, List<Page> pages) {

    /** The redo of one page. */
    public record Page(long pageId, PageRedo.Mode mode, ByteBuffer data) {
    }

    /**
     * A mini-transaction's payload, written straight into the log buffer; pages whose prior
     * LSN is below {@code imageBoundary} go as full images. The image decision is made at
     * construction: build it under the checkpoint gate, where the boundary holds.
     */
    static final class Encoder implements PayloadWriter {
        private final byte[] prefix;
        private final List<PageRedo> pages;
        private final int pageSize;
        private final long imageBoundary;
        private final int size;

        Encoder(byte[] prefix, List<PageRedo> pages, long imageBoundary, int pageSize) {
            if (pages.size() > 0xffff) {
                throw new IllegalStateException("a mini-transaction changed " + pages.size() + " pages");
            }
            this.prefix = prefix;
            this.pages = pages;
            this.pageSize = pageSize;
            this.imageBoundary = imageBoundary;
            int n = 4 + (prefix == null ? 0 : prefix.length) + 2;
            for (int i = 0, count = pages.size(); i < count; i++) {
                PageRedo p = pages.get(i);
                n += 13 + (mode(p) == PageRedo.Mode.IMAGE ? pageSize : p.opsLength());
            }
            this.size = n;
        }

        private PageRedo.Mode mode(PageRedo p) {
            PageRedo.Mode m = p.mode();
            return m == PageRedo.Mode.DELTA && p.priorLsn() < imageBoundary ? PageRedo.Mode.IMAGE : m;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void write(ByteBuffer b) {
            int prefixLen = prefix == null ? 0 : prefix.length;
            b.putInt(prefixLen);
            if (prefixLen > 0) {
                b.put(prefix);
            }
            b.putShort((short) pages.size());
            for (int i = 0, count = pages.size(); i < count; i++) {
                PageRedo p = pages.get(i);
                PageRedo.Mode mode = mode(p);
                b.putLong(p.pageId()).put(mode.code);
                if (mode == PageRedo.Mode.IMAGE) {
                    b.putInt(pageSize);
                    p.writeImage(b);
                } else {
                    b.putInt(p.opsLength());
                    p.writeOps(b);
                }
            }
        }
    }

    /**
     * Decodes a payload.
     *
     * @throws IllegalArgumentException if it is malformed
     */
    public static RedoRecord decode(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        try {
            int prefixLen = b.getInt();
            if (prefixLen < 0 || prefixLen > b.remaining()) {
                throw new IllegalArgumentException("bad prefix length " + prefixLen);
            }
            byte[] prefix = new byte[prefixLen];
            b.get(prefix);
            int n = Short.toUnsignedInt(b.getShort());
            List<Page> pages = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long pageId = b.getLong();
                PageRedo.Mode mode = PageRedo.Mode.of(b.get());
                int len = b.getInt();
                if (len < 0 || len > b.remaining()) {
                    throw new IllegalArgumentException("bad page redo length " + len);
                }
                pages.add(new Page(pageId, mode, b.slice(b.position(), len).order(ByteOrder.LITTLE_ENDIAN)));
                b.position(b.position() + len);
            }
            return new RedoRecord(prefix, pages);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated redo record", e);
        }
    }
}
