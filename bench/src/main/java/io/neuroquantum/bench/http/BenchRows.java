package io.neuroquantum.bench.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of the benchmark table {@code (id BIGINT PRIMARY KEY, k INT, v VARCHAR(100))}: row
 * {@code id} for {@code id} in {@code 0..n-1}, with {@code k} and {@code v} derived from
 * {@code id} alone ({@code k} a non-negative int, {@code v} 40 to 100 ASCII letters and
 * digits), so a reader checks any answer without a copy of the table, and both systems hold
 * exactly the same data.
 */
final class BenchRows {

    static final int MIN_V = 40;
    static final int MAX_V = 100;
    private static final byte[] ALPHABET =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".getBytes(StandardCharsets.US_ASCII);

    private BenchRows() {
    }

    static long mix(long z) {
        z = (z + 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static int k(long id) {
        return (int) (mix(id) >>> 33);
    }

    static int vLength(long id) {
        return MIN_V + (int) ((mix(id ^ 0x5DEECE66DL) >>> 1) % (MAX_V - MIN_V + 1));
    }

    /** Writes v(id) at {@code out[at..]}; returns the index after it. */
    static int putV(byte[] out, int at, long id) {
        int n = vLength(id);
        long s = id * 0x2545F4914F6CDD1DL;
        long bits = 0;
        int left = 0;
        for (int i = 0; i < n; i++) {
            if (left == 0) {
                s += 0x9E3779B97F4A7C15L;
                bits = mix(s);
                left = 10; // 10 x 6 bits
            }
            out[at + i] = ALPHABET[(int) ((bits & 63) % ALPHABET.length)];
            bits >>>= 6;
            left--;
        }
        return at + n;
    }

    static String v(long id) {
        byte[] b = new byte[MAX_V];
        int n = putV(b, 0, id);
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    /** The point get's expected body: {@code {"id":1,"k":2,"v":"..."}} (what Jackson writes for the row). */
    static int putJsonObject(byte[] out, int at, long id) {
        at = put(out, at, "{\"id\":");
        at = Ascii.putLong(out, at, id);
        at = put(out, at, ",\"k\":");
        at = Ascii.putLong(out, at, k(id));
        at = put(out, at, ",\"v\":\"");
        at = putV(out, at, id);
        return put(out, at, "\"}");
    }

    /** {@code [id,k,"v"]}. */
    static int putJsonArray(byte[] out, int at, long id) {
        out[at++] = '[';
        at = Ascii.putLong(out, at, id);
        out[at++] = ',';
        at = Ascii.putLong(out, at, k(id));
        out[at++] = ',';
        out[at++] = '"';
        at = putV(out, at, id);
        out[at++] = '"';
        out[at++] = ']';
        return at;
    }

    /** A COPY text line: {@code id\tk\tv\n}. */
    static int putCopyLine(byte[] out, int at, long id) {
        at = Ascii.putLong(out, at, id);
        out[at++] = '\t';
        at = Ascii.putLong(out, at, k(id));
        out[at++] = '\t';
        at = putV(out, at, id);
        out[at++] = '\n';
        return at;
    }

    static final int MAX_ROW_BYTES = 20 + 12 + MAX_V + 32;

    /** Bodies of {@code POST /rows}: {@code {"rows":[[..],..]}} of {@code batch} rows, ids {@code from..to-1}. */
    static List<byte[]> jsonBatches(long from, long to, int batch) {
        List<byte[]> out = new ArrayList<>();
        byte[] buf = new byte[16 + batch * (MAX_ROW_BYTES + 1)];
        for (long start = from; start < to; start += batch) {
            long end = Math.min(to, start + batch);
            int at = put(buf, 0, "{\"rows\":[");
            for (long id = start; id < end; id++) {
                if (id > start) {
                    buf[at++] = ',';
                }
                at = putJsonArray(buf, at, id);
            }
            at = put(buf, at, "]}");
            out.add(Arrays.copyOf(buf, at));
        }
        return out;
    }

    /** COPY text chunks of {@code batch} rows, ids {@code from..to-1}. */
    static List<byte[]> copyBatches(long from, long to, int batch) {
        List<byte[]> out = new ArrayList<>();
        byte[] buf = new byte[batch * MAX_ROW_BYTES];
        for (long start = from; start < to; start += batch) {
            long end = Math.min(to, start + batch);
            int at = 0;
            for (long id = start; id < end; id++) {
                at = putCopyLine(buf, at, id);
            }
            out.add(Arrays.copyOf(buf, at));
        }
        return out;
    }

    /** Rows in batch {@code b} of {@code batch}-row batches over {@code 0..rows-1}. */
    static int rowsIn(long rows, int batch, int b) {
        return (int) Math.min(batch, rows - (long) b * batch);
    }

    private static int put(byte[] out, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            out[at++] = (byte) ascii.charAt(i);
        }
        return at;
    }
}
