package io.neuroquantum.storage.stats;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bounds-checked big-endian reader for {@link StatisticsCodec}: every read past the end, overlong
 * varint or malformed UTF-8 throws {@link IllegalArgumentException} naming the offset.
 */
final class ByteReader {

    private final byte[] buf;
    private final int end;
    private int pos;

    ByteReader(byte[] buf, int from, int end) {
        this.buf = buf;
        this.pos = from;
        this.end = end;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    private void need(int n, String what) {
        if (n > end - pos) {
            throw new IllegalArgumentException("truncated statistics: " + what + " at offset " + pos + " needs "
                    + n + " bytes, " + (end - pos) + " left");
        }
    }

    int u8(String what) {
        need(1, what);
        return buf[pos++] & 0xFF;
    }

    int i32(String what) {
        need(4, what);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    long i64(String what) {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    double f64(String what) {
        return Double.longBitsToDouble(i64(what));
    }

    int varint(String what) {
        int start = pos;
        long v = 0;
        for (int i = 0; i < 5; i++) {
            int b = u8(what);
            v |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (v > Integer.MAX_VALUE) {
                    break;
                }
                return (int) v;
            }
        }
        throw new IllegalArgumentException("corrupt statistics: " + what + " at offset " + start
                + " is not a varint below 2^31");
    }

    /** A count of items that each take at least {@code minItemBytes}: checked against what is left. */
    int count(String what, int minItemBytes) {
        int start = pos;
        int n = varint(what);
        if ((long) n * minItemBytes > end - pos) {
            throw new IllegalArgumentException("corrupt statistics: " + what + " " + n + " at offset " + start
                    + " exceeds the " + (end - pos) + " bytes left");
        }
        return n;
    }

    byte[] bytes(String what) {
        int n = count(what + " length", 1);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    String string(String what) {
        int start = pos;
        byte[] b = bytes(what);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("corrupt statistics: " + what + " at offset " + start
                    + " is not valid UTF-8", e);
        }
    }
}
