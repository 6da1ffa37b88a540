package io.neuroquantum.storage.table;

import io.neuroquantum.storage.catalog.ColumnType;
import java.util.List;

/**
 * A filter pushed down into a scan, evaluated on a decoded row with SQL's three-valued
 * logic: {@link #test} returns TRUE, FALSE or null (UNKNOWN); a row passes only on TRUE.
 * Built from JSON by {@link PredicateParser}; comparison values are already of the column's type.
 */
public sealed interface Predicate {

    Boolean test(Object[] row);

    /** Every column position the predicate reads (so a scan decodes them). */
    void columns(java.util.Set<Integer> into);

    enum Op { EQ, NE, LT, LE, GT, GE }

    record Compare(int column, ColumnType type, Op op, Object value) implements Predicate {
        @Override
        public Boolean test(Object[] row) {
            Object v = row[column];
            if (v == null || value == null) {
                return null;
            }
            int c = type.compare(v, value);
            return switch (op) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
            };
        }

        @Override
        public void columns(java.util.Set<Integer> into) {
            into.add(column);
        }
    }

    /** {@code column IN (values)}: UNKNOWN when no value matches and a NULL is involved. */
    record In(int column, ColumnType type, List<Object> values) implements Predicate {
        @Override
        public Boolean test(Object[] row) {
            Object v = row[column];
            if (v == null) {
                return null;
            }
            boolean sawNull = false;
            for (Object candidate : values) {
                if (candidate == null) {
                    sawNull = true;
                } else if (type.compare(v, candidate) == 0) {
                    return true;
                }
            }
            return sawNull ? null : false;
        }

        @Override
        public void columns(java.util.Set<Integer> into) {
            into.add(column);
        }
    }

    record IsNull(int column, boolean negated) implements Predicate {
        @Override
        public Boolean test(Object[] row) {
            return (row[column] == null) != negated;
        }

        @Override
        public void columns(java.util.Set<Integer> into) {
            into.add(column);
        }
    }

    /**
     * SQL LIKE: {@code %} any run, {@code _} one character, {@code \\} escapes the next one.
     * Matched by the greedy wildcard algorithm that backtracks only to the last {@code %}:
     * O(text × pattern) at worst, so no pattern can make it explode.
     */
    record Like(int column, String pattern, int[] tokens) implements Predicate {
        /** Pattern tokens: code points, with {@link #ANY} for {@code %} and {@link #ONE} for {@code _}. */
        static final int ANY = -1;
        static final int ONE = -2;

        public static Like of(int column, String pattern) {
            return new Like(column, pattern, tokenize(pattern));
        }

        /** Resolves escapes once; runs of {@code %} collapse into one. */
        static int[] tokenize(String p) {
            int[] pat = p.codePoints().toArray();
            int[] tokens = new int[pat.length];
            int n = 0;
            for (int i = 0; i < pat.length; i++) {
                int c = pat[i];
                if (c == '\\' && i + 1 < pat.length) {
                    tokens[n++] = pat[++i];
                } else if (c == '%') {
                    if (n == 0 || tokens[n - 1] != ANY) {
                        tokens[n++] = ANY;
                    }
                } else {
                    tokens[n++] = c == '_' ? ONE : c;
                }
            }
            return java.util.Arrays.copyOf(tokens, n);
        }

        @Override
        public Boolean test(Object[] row) {
            Object v = row[column];
            return v == null ? null : matches((String) v, tokens);
        }

        /** Greedy matching that backtracks only to the last {@code %}: O(text × pattern) at worst. */
        static boolean matches(String s, int[] tokens) {
            int[] text = s.codePoints().toArray();
            int n = tokens.length;
            int t = 0;
            int k = 0;
            int starK = -1;
            int starT = 0;
            while (t < text.length) {
                if (k < n && tokens[k] != ANY && (tokens[k] == ONE || tokens[k] == text[t])) {
                    t++;
                    k++;
                } else if (k < n && tokens[k] == ANY) {
                    starK = k++;
                    starT = t;
                } else if (starK >= 0) {
                    k = starK + 1;
                    t = ++starT;
                } else {
                    return false;
                }
            }
            while (k < n && tokens[k] == ANY) {
                k++;
            }
            return k == n;
        }

        @Override
        public void columns(java.util.Set<Integer> into) {
            into.add(column);
        }
    }

    record And(List<Predicate> args) implements Predicate {
        @Override
        public Boolean test(Object[] row) {
            boolean unknown = false;
            for (Predicate p : args) {
                Boolean b = p.test(row);
                if (b == null) {
                    unknown = true;
                } else if (!b) {
                    return false;
                }
            }
            return unknown ? null : true;
        }

        @Override
        public void columns(java.util.Set<Integer> into) {
            args.forEach(a -> a.columns(into));
        }
    }

    record Or(List<Predicate> args) implements Predicate {
        @Override
        public Boolean test(Object[] row) {
            boolean unknown = false;
            for (Predicate p : args) {
                Boolean b = p.test(row);
                if (b == null) {
                    unknown = true;
                } else if (b) {
                    return true;
                }
            }
            return unknown ? null : false;
        }

        @Override
        public void columns(java.util.Set<Integer> into) {
            args.forEach(a -> a.columns(into));
        }
    }

    record Not(Predicate arg) implements Predicate {
        @Override
        public Boolean test(Object[] row) {
            Boolean b = arg.test(row);
            return b == null ? null : !b;
        }

        @Override
        public void columns(java.util.Set<Integer> into) {
            arg.columns(into);
        }
    }

    /** Whether {@code p} (possibly null: no filter) passes {@code row}. */
    static boolean passes(Predicate p, Object[] row) {
        return p == null || Boolean.TRUE.equals(p.test(row));
    }
}
