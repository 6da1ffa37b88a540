package io.neuroquantum.bench.recovery;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keys, write tags and values of the crash torture. A value names the write that made it:
 * {@code "<tag>|<key>|"} followed by filler bytes derived from tag and key, 16 bytes to 6,000
 * bytes long (some go to overflow pages). So a reader can tell which transaction (and which
 * savepoint generation of it) wrote a value, and that the bytes are exactly those written.
 *
 * <ul>
 *   <li>key: {@code k<thread, 2 digits>-<index, 5 digits>}; each child thread owns its keys</li>
 *   <li>transaction tag: {@code e<epoch>t<thread>n<seq>}, unique over all child runs</li>
 *   <li>write tag: {@code <transaction tag>.<generation>}; the generation grows at every
 *       {@code rollbackTo}, so a write undone by a savepoint rollback has a tag no commit acknowledges</li>
 * </ul>
 */
public final class TortureValues {

    private TortureValues() {
    }

    public static String key(int thread, int index) {
        return String.format("k%02d-%05d", thread, index);
    }

    /** The first and last possible key of a thread (for a range scan of its keys). */
    public static String firstKey(int thread) {
        return key(thread, 0);
    }

    public static String lastKey(int thread) {
        return key(thread, 99_999);
    }

    public static String txTag(int epoch, int thread, long seq) {
        return "e" + epoch + "t" + thread + "n" + seq;
    }

    public static String writeTag(String txTag, int generation) {
        return txTag + "." + generation;
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static String string(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** The value that write {@code writeTag} stores under {@code key}. */
    public static byte[] value(String writeTag, String key) {
        byte[] head = bytes(writeTag + "|" + key + "|");
        long h = 0xcbf29ce484222325L;
        for (byte b : head) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        int pick = (int) Long.remainderUnsigned(h, 100);
        long r = mix(h);
        int len;
        if (pick < 80) {
            len = 16 + (int) Long.remainderUnsigned(r, 112);
        } else if (pick < 95) {
            len = 128 + (int) Long.remainderUnsigned(r, 1_072);
        } else {
            len = 1_200 + (int) Long.remainderUnsigned(r, 4_800);
        }
        byte[] v = Arrays.copyOf(head, Math.max(len, head.length + 1));
        long s = r;
        for (int i = head.length; i < v.length; i++) {
            if ((i - head.length) % 8 == 0) {
                s = mix(s + 0x9E3779B97F4A7C15L);
            }
            v[i] = (byte) (s >>> (8 * ((i - head.length) % 8)));
        }
        return v;
    }

    /** The write tag a value names, or null if it does not have the form of a torture value. */
    public static String tagOf(byte[] value) {
        if (value == null) {
            return null;
        }
        int bar = -1;
        for (int i = 0; i < Math.min(value.length, 64); i++) {
            if (value[i] == '|') {
                bar = i;
                break;
            }
        }
        return bar <= 0 ? null : new String(value, 0, bar, StandardCharsets.US_ASCII);
    }

    /** Whether {@code value} is exactly what its own write tag stores under {@code key}. */
    public static boolean intact(String key, byte[] value) {
        String tag = tagOf(value);
        return tag != null && Arrays.equals(value, value(tag, key));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
