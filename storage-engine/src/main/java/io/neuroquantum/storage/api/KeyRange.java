package io.neuroquantum.storage.api;

import java.util.Arrays;

/**
 * A range of keys with optional, inclusive or exclusive bounds. A null bound is unbounded.
 * Keys compare as unsigned byte strings.
 */
public record KeyRange(byte[] lower, boolean lowerInclusive, byte[] upper, boolean upperInclusive) {

    public static KeyRange all() {
        return new KeyRange(null, true, null, true);
    }

    public static KeyRange atLeast(byte[] lower) {
        return new KeyRange(lower, true, null, true);
    }

    public static KeyRange closed(byte[] lower, byte[] upper) {
        return new KeyRange(lower, true, upper, true);
    }

    public static KeyRange halfOpen(byte[] lower, byte[] upper) {
        return new KeyRange(lower, true, upper, false);
    }

    public boolean aboveLower(byte[] key) {
        if (lower == null) {
            return true;
        }
        int c = Arrays.compareUnsigned(key, lower);
        return c > 0 || (c == 0 && lowerInclusive);
    }

    public boolean belowUpper(byte[] key) {
        if (upper == null) {
            return true;
        }
        int c = Arrays.compareUnsigned(key, upper);
        return c < 0 || (c == 0 && upperInclusive);
    }

    public boolean contains(byte[] key) {
        return aboveLower(key) && belowUpper(key);
    }
}
