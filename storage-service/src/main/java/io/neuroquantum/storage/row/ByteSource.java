package io.neuroquantum.storage.row;

import java.util.Arrays;

/**
 * Reads what {@link ByteSink} wrote. Every read past the end, and every impossible length,
 * throws {@link IllegalArgumentException} (decoders turn corrupt input into that one error).
 */
public final class ByteSource {

    private final byte[] buf;
    private int pos;

    public ByteSource(byte[] buf, int position) {
        this.buf = buf;
        this.pos = position;
    }

    public int position() {
        return pos;
    }

    public boolean hasRemaining() {
        return pos < buf.length;
    }

    private void need(int n) {
        if (n < 0 || pos + n > buf.length) {
            throw new IllegalArgumentException("truncated: need " + n + " bytes at offset " + pos + " of "
                    + buf.length);
        }
    }

    public int u8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int u16() {
        need(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public int i32() {
        need(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public long i64() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public int varint() {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = u8();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (v < 0) {
                    throw new IllegalArgumentException("varint out of range at offset " + pos);
                }
                return v;
            }
        }
        throw new IllegalArgumentException("varint too long at offset " + pos);
    }

    public byte[] bytes() {
        int n = varint();
        need(n);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    public byte[] rest() {
        byte[] b = Arrays.copyOfRange(buf, pos, buf.length);
        pos = buf.length;
        return b;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }
}
