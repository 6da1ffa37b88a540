package io.neuroquantum.storage.web;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * JSON for {@link HostileInputTest}: a writer with full control over what goes on the wire
 * (raw number literals such as {@code 1e400}, escaped lone surrogates, invalid UTF-8 inside
 * string literals, duplicate members), and pools of hostile values and random JSON trees.
 *
 * <p>Trees are plain Java: {@link Map} (insertion order kept; see {@link Members} for
 * duplicate names), {@link List}, {@link String}, {@link Boolean}, numbers, {@code null},
 * {@link Raw} (written verbatim) and {@link BadString} (a string literal with raw bytes).
 */
final class HostileJson {

    private HostileJson() {
    }

    /** Written verbatim: number literals JSON parsers choke on, or invalid tokens. */
    record Raw(String text) {
    }

    /** A string literal whose content is {@code before}, raw {@code bytes} (e.g. invalid UTF-8), {@code after}. */
    record BadString(String before, byte[] bytes, String after) {
    }

    /** An object that may repeat a member name. */
    record Members(List<Map.Entry<String, Object>> entries) {
    }

    /**
     * A string literal of {@code unit} repeated {@code count} times, materialized only when
     * written; {@code unit} goes out verbatim (it may hold JSON escapes such as {@code \\u0000}).
     */
    record Big(String unit, int count) {
    }

    // ------------------------------------------------------------------ writing

    static byte[] bytes(Object tree) {
        return bytes(tree, false);
    }

    /** {@code asciiOnly}: every non-ASCII char as a \\u escape (pairs stay pairs). */
    static byte[] bytes(Object tree, boolean asciiOnly) {
        Out out = new Out(estimate(tree) + 64, asciiOnly);
        out.value(tree);
        return out.toByteArray();
    }

    static String text(Object tree) {
        return new String(bytes(tree), StandardCharsets.UTF_8);
    }

    private static int estimate(Object v) {
        long n = switch (v) {
            case Big b -> (long) b.count() * b.unit().getBytes(StandardCharsets.UTF_8).length + 2;
            case String s -> s.length() + 2L;
            case Map<?, ?> m -> {
                long t = 2;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    t += estimate(e.getValue()) + String.valueOf(e.getKey()).length() + 4;
                }
                yield t;
            }
            case List<?> l -> {
                long t = 2;
                for (Object o : l) {
                    t += estimate(o) + 1;
                }
                yield t;
            }
            case null, default -> 8;
        };
        return (int) Math.min(n, 64L << 20);
    }

    private static final class Out extends ByteArrayOutputStream {
        private final boolean asciiOnly;

        Out(int size, boolean asciiOnly) {
            super(size);
            this.asciiOnly = asciiOnly;
        }

        void ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                write(s.charAt(i));
            }
        }

        void value(Object v) {
            switch (v) {
                case null -> ascii("null");
                case Boolean b -> ascii(b.toString());
                case Raw r -> writeBytes(r.text().getBytes(StandardCharsets.UTF_8));
                case Double d -> ascii(d.isNaN() || d.isInfinite() ? d.toString() : Double.toString(d));
                case Float f -> ascii(Float.toString(f));
                case BigDecimal d -> ascii(d.toString());
                case Number n -> ascii(n.toString());
                case String s -> string(s);
                case Big b -> {
                    write('"');
                    byte[] unit = b.unit().getBytes(StandardCharsets.UTF_8);
                    int perChunk = Math.max(1, 65_536 / unit.length);
                    byte[] chunk = new byte[perChunk * unit.length];
                    for (int i = 0; i < perChunk; i++) {
                        System.arraycopy(unit, 0, chunk, i * unit.length, unit.length);
                    }
                    for (int left = b.count(); left > 0; left -= perChunk) {
                        write(chunk, 0, Math.min(left, perChunk) * unit.length);
                    }
                    write('"');
                }
                case BadString s -> {
                    write('"');
                    writeBytes(escaped(s.before()));
                    writeBytes(s.bytes());
                    writeBytes(escaped(s.after()));
                    write('"');
                }
                case Members m -> {
                    write('{');
                    boolean first = true;
                    for (Map.Entry<String, Object> e : m.entries()) {
                        if (!first) {
                            write(',');
                        }
                        first = false;
                        string(e.getKey());
                        write(':');
                        value(e.getValue());
                    }
                    write('}');
                }
                case Map<?, ?> m -> {
                    write('{');
                    boolean first = true;
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        if (!first) {
                            write(',');
                        }
                        first = false;
                        Object k = e.getKey();
                        if (k instanceof BadString || k instanceof Big) {
                            value(k);
                        } else {
                            string(String.valueOf(k));
                        }
                        write(':');
                        value(e.getValue());
                    }
                    write('}');
                }
                case List<?> l -> {
                    write('[');
                    for (int i = 0; i < l.size(); i++) {
                        if (i > 0) {
                            write(',');
                        }
                        value(l.get(i));
                    }
                    write(']');
                }
                default -> string(v.toString());
            }
        }

        void string(String s) {
            write('"');
            writeBytes(escaped(s));
            write('"');
        }

        byte[] escaped(String s) {
            StringBuilder b = new StringBuilder(s.length() + 16);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1));
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20 || (Character.isSurrogate(c) && !pair) || (asciiOnly && c > 0x7E)) {
                    b.append(String.format("\\u%04x", (int) c));
                    if (pair) {
                        b.append(String.format("\\u%04x", (int) s.charAt(++i)));
                    }
                } else if (pair) {
                    b.append(c).append(s.charAt(++i));
                } else {
                    b.append(c);
                }
            }
            return b.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    // ------------------------------------------------------------------ pools

    /** Strings at the edges of Unicode and of what text fields usually expect. */
    static final List<String> UNICODE = List.of(
            "\ud800", "\udfff", "a\ud800b", "\udc00\ud800", "\ud800\ud800", "\ud83d", "x\ude00",
            "\u0000", "a\u0000b", "\u0000\u0000\u0000", "\u001f\u0007\b", "\u007f", "\u0085",
            "\u202Eevil\u202C", "\u200F\u200E", "\u2066isolate\u2069", "\uFEFF", "\uFEFFbom",
            "e\u0301", "\u00e9", "e" + "\u0301".repeat(500), "Z\u0351\u0352\u0357\u035b\u0363\u036b",
            "\uFFFF", "\uFFFE", "\uFDD0", "\uDBFF\uDFFF", "\uDB80\uDC00", "\ud83d\ude00",
            "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\u200d\ud83d\udc66", "\ud83c\udff3\ufe0f\u200d\ud83c\udf08",
            "\u2028\u2029", "\u3000", "\u00a0", "\u1680", "\u0130\u0131", "\u00df", "\ufb01",
            "\ud835\udd73\ud835\udd8a\ud835\udd91", "\u0661\u0662\u0663", "\u096f", "\uff11\uff12",
            "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "\u05e2\u05d1\u05e8\u05d9\u05ea",
            "%", "%%", "_", "\\", "\\%", "\"", "'", "'; DROP TABLE h_all; --", "../../etc/passwd",
            "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "<script>alert(1)</script>", "", " ", "\t\n\r",
            "null", "true", "NaN", "undefined", "h_all", "h_all_pkey", "sys_catalog", "_rowid");

    /** Byte sequences that are not UTF-8 (overlong forms, surrogates, truncations, out of range). */
    static final List<byte[]> BAD_UTF8 = List.of(
            new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xC0, (byte) 0x80},
            new byte[] {(byte) 0xC1, (byte) 0xBF}, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
            new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80},
            new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xFE, (byte) 0xFF}, new byte[] {(byte) 0x80},
            new byte[] {(byte) 0xBF, (byte) 0xBF}, new byte[] {(byte) 0xE2, (byte) 0x82},
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xFC, (byte) 0x84, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xC2}, new byte[] {0x01, 0x0A, 0x0D, 0x09}, new byte[] {0x00},
            new byte[] {(byte) 0xE2, (byte) 0x80, (byte) 0xAE});

    /** Number literals at and beyond the edges of every numeric type (some beyond the parser's limits). */
    static final List<String> NUMBERS = List.of(
            "0", "-0", "-0.0", "0e0", "0E-0", "1e400", "-1e400", "1e-400", "4.9e-324", "2.5e-324",
            "1.7976931348623157e308", "1.8e308", "-1.8e308", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "-9223372036854775809", "18446744073709551616", "2147483647", "2147483648",
            "-2147483649", "1.0", "1.5", "-1.5", "1e2", "1E+2", "100000000000000000000000000000.000000000001",
            "1e999", "1e1000", "1e1001", "1e-1000", "1e-1001", "1e2147483647", "1e2147483648", "1e-2147483648",
            "1e9999999999", "123456789e-999", "0.1e1000");

    /** Number literals that are not JSON. */
    static final List<String> BAD_NUMBERS = List.of("NaN", "-NaN", "Infinity", "-Infinity", "+1", "01", "00",
            ".5", "5.", "1e", "1e+", "-", "0x10", "1_000", "1.2.3", "--1", "1e1.5", "\u0661");

    static String digits(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        b.append((char) ('1' + r.nextInt(9)));
        for (int i = 1; i < n; i++) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return b.toString();
    }

    /** A scalar chosen to be wrong or at an edge for whatever field it lands in. */
    static Object hostileScalar(Random r) {
        return switch (r.nextInt(14)) {
            case 0, 1 -> new Raw(pick(r, NUMBERS));
            case 2 -> pick(r, NUMBERS); // numbers as strings
            case 3 -> pick(r, UNICODE);
            case 4 -> r.nextBoolean();
            case 5 -> null;
            case 6 -> pick(r, List.of("NaN", "Infinity", "-Infinity", "nan", "inf", "1e400", "0x10", "-0",
                    "9223372036854775808", " 42 ", "4 2", "+1", "1,5"));
            case 7 -> pick(r, List.of("2026-11-25T10:00:00Z", "+1000000000-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                    "+294247-01-10T04:00:54.775807Z", "-290308-12-21T19:59:05.224192Z", "2026-02-30T00:00:00Z",
                    "2026-11-25T10:00:00", "2026-11-25T10:00:00+25:00", "2026-11-25T10:00:00.1234567891Z",
                    "2026-11-25", "2026-11-25T24:00:00Z", "0000-01-01T00:00:00Z", "2026-11-25t10:00:00z",
                    "2026-11-25T10:00:60Z", "\u0662\u0660\u0662\u0666-11-25T10:00:00Z"));
            case 8 -> pick(r, List.of("AQID", "====", "A", "AQ=", "AQ", "!!!!", "AQID\n", "AQ ID", "-_-_",
                    "AAAA".repeat(100), "=", ""));
            case 9 -> new Raw(digits(r, 1 + r.nextInt(40)) + (r.nextBoolean() ? "." + digits(r, 1 + r.nextInt(40)) : ""));
            case 10 -> (long) r.nextInt() * r.nextInt();
            case 11 -> r.nextInt(2000) - 1000;
            case 12 -> pick(r, List.of(Map.of(), List.of(), List.of(List.of()), Map.of("op", "eq")));
            default -> new BadString("x", pick(r, BAD_UTF8), "y");
        };
    }

    /** Member names of every request body of the storage API, and of filters. */
    static final List<String> VOCAB = List.of("rows", "mode", "keys", "columns", "index", "lower", "upper",
            "lowerInclusive", "upperInclusive", "where", "descending", "limit", "batchSize", "all", "set", "name",
            "type", "nullable", "defaultValue", "primaryKey", "indexes", "unique", "isolation", "idleTimeoutMs",
            "op", "column", "value", "values", "low", "high", "pattern", "args", "arg");

    /**
     * A random JSON tree, its member names mostly from {@code vocab} so that it reaches past the
     * parser into validation. {@code budget} bounds its size.
     */
    static Object tree(Random r, List<String> vocab, int depth, int[] budget) {
        if (--budget[0] <= 0 || depth > 12) {
            return hostileScalar(r);
        }
        return switch (r.nextInt(10)) {
            case 0, 1, 2 -> {
                Map<String, Object> m = new LinkedHashMap<>();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    String k = r.nextInt(6) == 0 ? pick(r, UNICODE) : pick(r, vocab);
                    m.put(k, tree(r, vocab, depth + 1, budget));
                }
                yield m;
            }
            case 3, 4 -> {
                List<Object> l = new ArrayList<>();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    l.add(tree(r, vocab, depth + 1, budget));
                }
                yield l;
            }
            default -> hostileScalar(r);
        };
    }

    /** {@code depth} nested arrays around {@code inner}. */
    static Object nestedArrays(int depth, Object inner) {
        Object v = inner;
        for (int i = 0; i < depth; i++) {
            v = List.of(v);
        }
        return v;
    }

    /** Text of {@code depth} nested arrays without building the tree (deep beyond any recursion). */
    static Raw deepArrayText(int depth) {
        return new Raw("[".repeat(depth) + "]".repeat(depth));
    }

    static Raw deepObjectText(int depth) {
        return new Raw("{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
    }

    static <T> T pick(Random r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
