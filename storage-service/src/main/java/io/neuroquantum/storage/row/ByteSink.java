package io.neuroquantum.storage.row;

import java.util.Arrays;

/** A growable big-endian byte buffer for encoders. Not thread-safe. */
public final class ByteSink {

    private byte[] buf;
    private int size;

    public ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    public int size() {
        return size;
    }

    public void u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    public void u16(int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException("value out of u16 range: " + v);
        }
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    public void i32(int v) {
        ensure(4);
        for (int s = 24; s >= 0; s -= 8) {
            buf[size++] = (byte) (v >>> s);
        }
    }

    public void i64(long v) {
        ensure(8);
        for (int s = 56; s >= 0; s -= 8) {
            buf[size++] = (byte) (v >>> s);
        }
    }

    /** Unsigned LEB128 of a non-negative int. */
    public void varint(int v) {
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** A varint length and the bytes. */
    public void bytes(byte[] b) {
        varint(b.length);
        raw(b);
    }

    public void raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    public void skip(int n) {
        ensure(n);
        size += n;
    }

    public void setBit(int byteOffset, int bit) {
        buf[byteOffset + bit / 8] |= (byte) (1 << (bit % 8));
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
