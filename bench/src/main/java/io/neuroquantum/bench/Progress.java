package io.neuroquantum.bench;

import java.util.Locale;

/** Progress lines on stderr, stamped with the time since the run started. */
public final class Progress {

    private static final long START = System.nanoTime();

    private Progress() {
    }

    public static void log(String format, Object... args) {
        double s = (System.nanoTime() - START) / 1e9;
        System.err.printf(Locale.ROOT, "[%7.1fs] %s%n", s, String.format(Locale.ROOT, format, args));
        System.err.flush();
    }
}
