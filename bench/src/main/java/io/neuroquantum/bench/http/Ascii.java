package io.neuroquantum.bench.http;

/** Decimal numbers written straight into byte arrays (no String per number). */
final class Ascii {

    private Ascii() {
    }

    /** Writes {@code v} in decimal at {@code out[at..]}; returns the index after it (needs up to 20 bytes). */
    static int putLong(byte[] out, int at, long v) {
        if (v == Long.MIN_VALUE) {
            byte[] s = Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(s, 0, out, at, s.length);
            return at + s.length;
        }
        if (v < 0) {
            out[at++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = at + digits;
        for (int i = end - 1; i >= at; i--) {
            out[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return end;
    }
}
