package io.neuroquantum.optimizer.api;

import io.neuroquantum.optimizer.model.InvalidModelException;
import java.util.List;
import java.util.Map;

/** Typed, range-checked access to the free-form {@code params} of a request. */
final class Params {

    private final Map<String, Object> map;

    Params(Map<String, Object> map) {
        this.map = map == null ? Map.of() : map;
    }

    double number(String key, double fallback, double min, double max) {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        double d;
        if (v instanceof Number num) {
            d = num.doubleValue();
        } else {
            try {
                d = Double.parseDouble(v.toString());
            } catch (NumberFormatException e) {
                throw new InvalidModelException("params." + key + " must be a number, got '" + v + "'");
            }
        }
        if (!Double.isFinite(d) || d < min || d > max) {
            throw new InvalidModelException("params." + key + " must be in [" + min + ", " + max + "], got " + d);
        }
        return d;
    }

    int integer(String key, int fallback, int min, int max) {
        double d = number(key, fallback, min, max);
        if (d != Math.rint(d)) {
            throw new InvalidModelException("params." + key + " must be an integer, got " + d);
        }
        return (int) d;
    }

    String string(String key, String fallback) {
        Object v = map.get(key);
        return v == null ? fallback : v.toString();
    }

    /** A list of [u, value] pairs. */
    double[][] pairs(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            throw new InvalidModelException("params." + key + " must be a list of [u, value] pairs");
        }
        double[][] out = new double[list.size()][];
        for (int k = 0; k < list.size(); k++) {
            if (!(list.get(k) instanceof List<?> p) || p.size() != 2 || !(p.get(0) instanceof Number a)
                    || !(p.get(1) instanceof Number b)) {
                throw new InvalidModelException("params." + key + "[" + k + "] must be [u, value]");
            }
            out[k] = new double[] {a.doubleValue(), b.doubleValue()};
        }
        return out;
    }
}
