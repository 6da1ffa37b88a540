package io.neuroquantum.storage.keys;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * DECIMAL payload. A non-zero value is written as {@code ±0.d1d2...dn × 10^E} with
 * {@code d1 != 0} and {@code dn != 0}, so numerically equal values (1.0, 1.00, 1E0) share one
 * encoding.
 *
 * <pre>
 * | tag 0x13 | class 0x02 |                                             zero
 * | tag 0x13 | class 0x03 | E: 4 bytes big-endian, sign flipped | digits |       positive
 * | tag 0x13 | class 0x01 | ~(E: 4 bytes ...)                  | ~digits |      negative
 * </pre>
 *
 * <p>Digits go in pairs, one byte per pair {@code X = 10*d(2i+1) + d(2i+2)} (0..99, an odd
 * count padded with a 0): {@code 2X+1} while more pairs follow, {@code 2X} for the last one.
 * The low bit ends the digits; comparing bytes compares the digit strings, and a digit string
 * sorts before its own extensions (2X &lt; 2X+1). {@code E = precision - scale} must fit a
 * 32-bit int. Complementing E and the digits of a negative value reverses their order, so a
 * larger magnitude sorts lower.
 */
final class DecimalCodec {

    static final int NEGATIVE = 0x01;
    static final int ZERO = 0x02;
    static final int POSITIVE = 0x03;

    private DecimalCodec() {}

    static void write(KeyWriter w, BigDecimal value) {
        int signum = value.signum();
        if (signum == 0) {
            w.begin(KeyType.DECIMAL, 1);
            w.put(ZERO);
            return;
        }
        String digits = value.unscaledValue().abs().toString();
        int len = digits.length();
        int n = len;
        while (digits.charAt(n - 1) == '0') {
            n--;
        }
        long exponent = (long) len - value.scale(); // unchanged by stripping trailing zeros
        if (exponent != (int) exponent) {
            throw w.fail("DECIMAL " + value + " is out of range: its exponent (precision - scale = "
                    + exponent + ") must fit a 32-bit int");
        }
        w.begin(KeyType.DECIMAL, 1 + 4 + (n + 1) / 2);
        w.put(signum < 0 ? NEGATIVE : POSITIVE);
        int body = w.length();
        w.putInt((int) exponent ^ Integer.MIN_VALUE);
        for (int i = 0; i < n; i += 2) {
            int pair = 10 * (digits.charAt(i) - '0') + (i + 1 < n ? digits.charAt(i + 1) - '0' : 0);
            w.put(i + 2 >= n ? 2 * pair : 2 * pair + 1);
        }
        if (signum < 0) {
            w.complementFrom(body);
        }
    }

    /** Reads the payload after the tag; every non-canonical form is rejected. */
    static BigDecimal read(KeyReader r) {
        int cls = r.next();
        if (cls == ZERO) {
            return BigDecimal.ZERO;
        }
        if (cls != NEGATIVE && cls != POSITIVE) {
            throw r.fail(String.format(
                    "invalid DECIMAL class byte 0x%02X (expected 0x01, 0x02 or 0x03)", cls));
        }
        int flip = cls == NEGATIVE ? 0xFF : 0x00;
        int exponent = 0;
        for (int i = 0; i < 4; i++) {
            exponent = (exponent << 8) | (r.next() ^ flip);
        }
        exponent ^= Integer.MIN_VALUE;
        StringBuilder digits = new StringBuilder();
        while (true) {
            int b = r.next() ^ flip;
            if (b > 199) {
                throw r.fail("invalid DECIMAL digit pair " + (b >> 1) + " (must be 0..99)");
            }
            int pair = b >> 1;
            boolean last = (b & 1) == 0;
            if (digits.isEmpty() && pair < 10) {
                throw r.fail("non-canonical DECIMAL: leading zero digit");
            }
            if (last && pair == 0) {
                throw r.fail("non-canonical DECIMAL: trailing zero digits");
            }
            digits.append((char) ('0' + pair / 10));
            if (!last || pair % 10 != 0) {
                digits.append((char) ('0' + pair % 10));
            }
            if (last) {
                break;
            }
        }
        long scale = (long) digits.length() - exponent;
        if (scale != (int) scale) {
            throw r.fail("DECIMAL scale " + scale + " is out of range");
        }
        BigInteger unscaled = new BigInteger(digits.toString());
        return new BigDecimal(flip == 0 ? unscaled : unscaled.negate(), (int) scale);
    }
}
