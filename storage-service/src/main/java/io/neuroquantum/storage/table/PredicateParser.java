package io.neuroquantum.storage.table;

import io.neuroquantum.storage.catalog.Column;
import io.neuroquantum.storage.catalog.StorageProblems;
import io.neuroquantum.storage.catalog.TableSchema;
import io.neuroquantum.storage.row.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Predicate} from its JSON form (maps and lists as parsed):
 *
 * <pre>
 * {"op":"eq|ne|lt|le|gt|ge", "column":"c", "value":v}
 * {"op":"between", "column":"c", "low":a, "high":b}      (inclusive)
 * {"op":"in", "column":"c", "values":[...]}
 * {"op":"is_null|is_not_null", "column":"c"}
 * {"op":"like", "column":"c", "pattern":"ab%"}           (VARCHAR/TEXT)
 * {"op":"and|or", "args":[...]}    {"op":"not", "arg":{...}}
 * </pre>
 *
 * Every mistake is a 400 naming its path, e.g. {@code where.args[1].column}.
 */
public final class PredicateParser {

    /** Bounds the work a hostile filter can cause. */
    static final int MAX_NODES = 10_000;
    static final int MAX_DEPTH = 64;
    /** Bounds LIKE's cost per row (text length × pattern length at worst). */
    static final int MAX_LIKE_PATTERN = 256;

    private final TableSchema table;
    private int nodes;

    private PredicateParser(TableSchema table) {
        this.table = table;
    }

    /** The predicate of {@code json} (null: none). */
    public static Predicate parse(TableSchema table, Object json, String path) {
        return json == null ? null : new PredicateParser(table).node(json, path, 0);
    }

    private Predicate node(Object json, String path, int depth) {
        if (++nodes > MAX_NODES || depth > MAX_DEPTH) {
            throw StorageProblems.invalid(path, "filter too large (at most " + MAX_NODES + " nodes, depth "
                    + MAX_DEPTH + ")");
        }
        if (!(json instanceof Map<?, ?> m)) {
            throw StorageProblems.invalid(path, "expected a filter object");
        }
        Object op = m.get("op");
        if (!(op instanceof String ops)) {
            throw StorageProblems.invalid(path + ".op", "missing or not a string");
        }
        return switch (ops.toLowerCase(java.util.Locale.ROOT)) {
            case "eq", "=" -> compare(m, path, Predicate.Op.EQ);
            case "ne", "<>", "!=" -> compare(m, path, Predicate.Op.NE);
            case "lt", "<" -> compare(m, path, Predicate.Op.LT);
            case "le", "<=" -> compare(m, path, Predicate.Op.LE);
            case "gt", ">" -> compare(m, path, Predicate.Op.GT);
            case "ge", ">=" -> compare(m, path, Predicate.Op.GE);
            case "between" -> {
                int c = column(m, path);
                Column col = table.columns().get(c);
                yield new Predicate.And(List.of(
                        new Predicate.Compare(c, col.type(), Predicate.Op.GE, value(col, m, "low", path)),
                        new Predicate.Compare(c, col.type(), Predicate.Op.LE, value(col, m, "high", path))));
            }
            case "in" -> {
                int c = column(m, path);
                Column col = table.columns().get(c);
                if (!(m.get("values") instanceof List<?> list)) {
                    throw StorageProblems.invalid(path + ".values", "expected an array");
                }
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    values.add(Values.coerce(col, list.get(i), path + ".values[" + i + "]"));
                }
                yield new Predicate.In(c, col.type(), values);
            }
            case "is_null" -> new Predicate.IsNull(column(m, path), false);
            case "is_not_null" -> new Predicate.IsNull(column(m, path), true);
            case "like" -> {
                int c = column(m, path);
                Column col = table.columns().get(c);
                if (col.type().javaType() != String.class) {
                    throw StorageProblems.invalid(path + ".column", "LIKE needs a VARCHAR or TEXT column");
                }
                if (!(m.get("pattern") instanceof String p)) {
                    throw StorageProblems.invalid(path + ".pattern", "expected a string");
                }
                if (p.codePointCount(0, p.length()) > MAX_LIKE_PATTERN) {
                    throw StorageProblems.invalid(path + ".pattern", "longer than " + MAX_LIKE_PATTERN
                            + " characters");
                }
                yield Predicate.Like.of(c, p);
            }
            case "and", "or" -> {
                if (!(m.get("args") instanceof List<?> list) || list.isEmpty()) {
                    throw StorageProblems.invalid(path + ".args", "expected a non-empty array");
                }
                List<Predicate> args = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    args.add(node(list.get(i), path + ".args[" + i + "]", depth + 1));
                }
                yield ops.equalsIgnoreCase("and") ? new Predicate.And(args) : new Predicate.Or(args);
            }
            case "not" -> new Predicate.Not(node(m.get("arg"), path + ".arg", depth + 1));
            default -> throw StorageProblems.invalid(path + ".op", "unknown operator \"" + ops + "\"");
        };
    }

    private Predicate compare(Map<?, ?> m, String path, Predicate.Op op) {
        int c = column(m, path);
        Column col = table.columns().get(c);
        return new Predicate.Compare(c, col.type(), op, value(col, m, "value", path));
    }

    private Object value(Column col, Map<?, ?> m, String member, String path) {
        if (!m.containsKey(member)) {
            throw StorageProblems.invalid(path + "." + member, "missing");
        }
        return Values.coerce(col, m.get(member), path + "." + member);
    }

    private int column(Map<?, ?> m, String path) {
        if (!(m.get("column") instanceof String name)) {
            throw StorageProblems.invalid(path + ".column", "missing or not a string");
        }
        int c = table.columnIndex(name);
        if (c < 0) {
            throw StorageProblems.invalid(path + ".column", "table \"" + table.name() + "\" has no column \""
                    + name + "\"");
        }
        return c;
    }
}
