package io.neuroquantum.storage.recovery;

import io.neuroquantum.storage.buffer.PageRedo;
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

    /** Encodes a mini-transaction; pages whose prior LSN is below {@code imageBoundary} go as full images. */
    static byte[] encode(byte[] prefix, List<PageRedo> pages, long imageBoundary, int pageSize) {
        int prefixLen = prefix == null ? 0 : prefix.length;
        int size = 4 + prefixLen + 2;
        PageRedo.Mode[] modes = new PageRedo.Mode[pages.size()];
        for (int i = 0; i < modes.length; i++) {
            PageRedo p = pages.get(i);
            PageRedo.Mode m = p.mode();
            if (m == PageRedo.Mode.DELTA && p.priorLsn() < imageBoundary) {
                m = PageRedo.Mode.IMAGE;
            }
            modes[i] = m;
            size += 13 + (m == PageRedo.Mode.IMAGE ? pageSize : p.opsLength());
        }
        if (pages.size() > 0xffff) {
            throw new IllegalStateException("a mini-transaction changed " + pages.size() + " pages");
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(prefixLen);
        if (prefixLen > 0) {
            b.put(prefix);
        }
        b.putShort((short) pages.size());
        for (int i = 0; i < modes.length; i++) {
            PageRedo p = pages.get(i);
            b.putLong(p.pageId()).put(modes[i].code);
            if (modes[i] == PageRedo.Mode.IMAGE) {
                b.putInt(pageSize);
                p.writeImage(b);
            } else {
                b.putInt(p.opsLength());
                p.writeOps(b);
            }
        }
        return b.array();
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
