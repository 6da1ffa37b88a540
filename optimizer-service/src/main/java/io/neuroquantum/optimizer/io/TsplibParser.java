package io.neuroquantum.optimizer.io;

import io.neuroquantum.optimizer.model.Limits;
import io.neuroquantum.optimizer.model.TspInstance;
import java.util.List;
import java.util.Locale;

/**
 * TSPLIB95 symmetric instances (Reinelt's specification, with the GEO truncation fix):
 * EDGE_WEIGHT_TYPE EUC_2D, CEIL_2D, ATT, GEO, and EXPLICIT with FULL_MATRIX, UPPER_ROW,
 * LOWER_ROW, UPPER_DIAG_ROW, LOWER_DIAG_ROW. Headers may be written {@code KEY: v} or
 * {@code KEY : v}. DISPLAY_DATA_SECTION is read and ignored.
 */
public final class TsplibParser {

    private static final double PI = 3.141592;
    private static final double EARTH_RADIUS = 6378.388;

    private TsplibParser() {
    }

    public static TspInstance parse(String text, Limits limits) {
        Lines in = new Lines("tsplib", text);
        String name = "tsp";
        String type = null;
        String weightType = null;
        String weightFormat = null;
        long dim = -1;
        double[] x = null;
        double[] y = null;
        int[] dist = null;
        String line;
        while ((line = in.nextLine()) != null) {
            String upper = line.toUpperCase(Locale.ROOT);
            if (upper.equals("EOF")) {
                break;
            }
            int colon = line.indexOf(':');
            String key = (colon >= 0 ? line.substring(0, colon) : line).strip().toUpperCase(Locale.ROOT);
            String value = colon >= 0 ? line.substring(colon + 1).strip() : "";
            switch (key) {
                case "NAME" -> name = value;
                case "TYPE" -> type = value.toUpperCase(Locale.ROOT);
                case "COMMENT", "DISPLAY_DATA_TYPE", "NODE_COORD_TYPE" -> { }
                case "DIMENSION" -> {
                    dim = in.parseInt(value, "DIMENSION");
                    if (dim < 2) {
                        throw in.error("DIMENSION must be at least 2, got " + dim);
                    }
                    if (dim > limits.maxCities()) {
                        throw in.error("DIMENSION " + dim + " exceeds the limit of " + limits.maxCities() + " cities");
                    }
                }
                case "EDGE_WEIGHT_TYPE" -> weightType = value.toUpperCase(Locale.ROOT);
                case "EDGE_WEIGHT_FORMAT" -> weightFormat = value.toUpperCase(Locale.ROOT);
                case "NODE_COORD_SECTION" -> {
                    requireDim(in, dim);
                    x = new double[(int) dim];
                    y = new double[(int) dim];
                    for (int k = 0; k < dim; k++) {
                        String[] t = in.nextTokens();
                        if (t == null || t.length < 3) {
                            throw in.error("expected 'id x y' for city " + (k + 1));
                        }
                        int id = in.parseInt(t[0], "city id");
                        if (id < 1 || id > dim) {
                            throw in.error("city id " + id + " outside 1.." + dim);
                        }
                        x[id - 1] = in.parseDouble(t[1], "x");
                        y[id - 1] = in.parseDouble(t[2], "y");
                    }
                }
                case "DISPLAY_DATA_SECTION" -> {
                    requireDim(in, dim);
                    for (int k = 0; k < dim; k++) {
                        if (in.nextTokens() == null) {
                            throw in.error("DISPLAY_DATA_SECTION ends early");
                        }
                    }
                }
                case "EDGE_WEIGHT_SECTION" -> {
                    requireDim(in, dim);
                    dist = readMatrix(in, (int) dim, weightFormat);
                }
                default -> throw in.error("unknown keyword '" + key + "'");
            }
        }
        if (type != null && !type.equals("TSP")) {
            throw in.error("only symmetric TSP is supported, TYPE is " + type);
        }
        requireDim(in, dim);
        int n = (int) dim;
        if (weightType == null) {
            throw in.error("no EDGE_WEIGHT_TYPE");
        }
        if (weightType.equals("EXPLICIT")) {
            if (dist == null) {
                throw in.error("EXPLICIT weights without EDGE_WEIGHT_SECTION");
            }
            return new TspInstance(name, n, dist);
        }
        if (x == null) {
            throw in.error(weightType + " needs a NODE_COORD_SECTION");
        }
        int[] d = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int v = switch (weightType) {
                    case "EUC_2D" -> (int) Math.floor(Math.hypot(x[i] - x[j], y[i] - y[j]) + 0.5);
                    case "CEIL_2D" -> (int) Math.ceil(Math.hypot(x[i] - x[j], y[i] - y[j]));
                    case "ATT" -> att(x[i] - x[j], y[i] - y[j]);
                    case "GEO" -> geo(x[i], y[i], x[j], y[j]);
                    default -> throw in.error("unsupported EDGE_WEIGHT_TYPE " + weightType);
                };
                d[i * n + j] = v;
                d[j * n + i] = v;
            }
        }
        return new TspInstance(name, n, d);
    }

    private static void requireDim(Lines in, long dim) {
        if (dim < 0) {
            throw in.error("DIMENSION must come before the data sections");
        }
    }

    static int att(double dx, double dy) {
        double r = Math.sqrt((dx * dx + dy * dy) / 10.0);
        int t = (int) Math.floor(r + 0.5);
        return t < r ? t + 1 : t;
    }

    private static double radians(double v) {
        int deg = (int) v; // truncation, not nint: see the data README
        double min = v - deg;
        return PI * (deg + 5.0 * min / 3.0) / 180.0;
    }

    static int geo(double xi, double yi, double xj, double yj) {
        double lati = radians(xi);
        double loni = radians(yi);
        double latj = radians(xj);
        double lonj = radians(yj);
        double q1 = Math.cos(loni - lonj);
        double q2 = Math.cos(lati - latj);
        double q3 = Math.cos(lati + latj);
        return (int) (EARTH_RADIUS * Math.acos(0.5 * ((1.0 + q1) * q2 - (1.0 - q1) * q3)) + 1.0);
    }

    private static int[] readMatrix(Lines in, int n, String format) {
        if (format == null) {
            throw in.error("EDGE_WEIGHT_SECTION without EDGE_WEIGHT_FORMAT");
        }
        long expected = switch (format) {
            case "FULL_MATRIX" -> (long) n * n;
            case "UPPER_ROW", "LOWER_ROW" -> (long) n * (n - 1) / 2;
            case "UPPER_DIAG_ROW", "LOWER_DIAG_ROW" -> (long) n * (n + 1) / 2;
            default -> throw in.error("unsupported EDGE_WEIGHT_FORMAT " + format);
        };
        int[] vals = new int[(int) expected];
        int k = 0;
        while (k < expected) {
            String[] t = in.nextTokens();
            if (t == null) {
                throw in.error("EDGE_WEIGHT_SECTION has " + k + " of " + expected + " weights");
            }
            for (String s : t) {
                if (k == expected) {
                    throw in.error("EDGE_WEIGHT_SECTION has more than " + expected + " weights");
                }
                int v = (int) Math.round(in.parseDouble(s, "weight"));
                if (v < 0) {
                    throw in.error("negative distance " + v);
                }
                vals[k++] = v;
            }
        }
        int[] d = new int[n * n];
        k = 0;
        switch (format) {
            case "FULL_MATRIX" -> {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        d[i * n + j] = vals[k++];
                    }
                }
                for (int i = 0; i < n; i++) {
                    d[i * n + i] = 0;
                    for (int j = i + 1; j < n; j++) {
                        if (d[i * n + j] != d[j * n + i]) {
                            throw in.error("FULL_MATRIX is not symmetric at (" + (i + 1) + ", " + (j + 1) + ")");
                        }
                    }
                }
            }
            case "UPPER_ROW" -> {
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        set(d, n, i, j, vals[k++]);
                    }
                }
            }
            case "LOWER_ROW" -> {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < i; j++) {
                        set(d, n, i, j, vals[k++]);
                    }
                }
            }
            case "UPPER_DIAG_ROW" -> {
                for (int i = 0; i < n; i++) {
                    for (int j = i; j < n; j++) {
                        set(d, n, i, j, i == j ? 0 : vals[k]);
                        k++;
                    }
                }
            }
            default -> { // LOWER_DIAG_ROW
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j <= i; j++) {
                        set(d, n, i, j, i == j ? 0 : vals[k]);
                        k++;
                    }
                }
            }
        }
        return d;
    }

    private static void set(int[] d, int n, int i, int j, int v) {
        d[i * n + j] = v;
        d[j * n + i] = v;
    }

    /** Reads a TSPLIB {@code .tour} file: 1-based ids after TOUR_SECTION up to -1; returns 0-based. */
    public static int[] parseTour(String text) {
        Lines in = new Lines("tsplib tour", text);
        String line;
        while ((line = in.nextLine()) != null) {
            if (line.toUpperCase(Locale.ROOT).startsWith("TOUR_SECTION")) {
                List<String> toks = in.remainingTokens();
                int count = toks.indexOf("-1");
                if (count < 0) {
                    throw in.error("TOUR_SECTION not terminated by -1");
                }
                int[] tour = new int[count];
                for (int k = 0; k < count; k++) {
                    tour[k] = in.parseInt(toks.get(k), "city") - 1;
                }
                return tour;
            }
        }
        throw in.error("no TOUR_SECTION");
    }
}
