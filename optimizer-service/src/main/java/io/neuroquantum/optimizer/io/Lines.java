package io.neuroquantum.optimizer.io;

import java.util.ArrayList;
import java.util.List;

/** Line-by-line tokenizer shared by the parsers, keeping line numbers for messages. */
final class Lines {

    private final String format;
    private final String[] lines;
    private int next;

    Lines(String format, String text) {
        this.format = format;
        this.lines = text.split("\\r?\\n|\\r", -1);
    }

    /** Next line with content (tokens split on whitespace), or null at the end. */
    String[] nextTokens() {
        while (next < lines.length) {
            String l = lines[next++].strip();
            if (!l.isEmpty()) {
                return l.split("\\s+");
            }
        }
        return null;
    }

    String nextLine() {
        while (next < lines.length) {
            String l = lines[next++].strip();
            if (!l.isEmpty()) {
                return l;
            }
        }
        return null;
    }

    int lineNumber() {
        return next;
    }

    ParseException error(String message) {
        return new ParseException(format, next, message);
    }

    int parseInt(String token, String what) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw error(what + " '" + token + "' is not an integer");
        }
    }

    double parseDouble(String token, String what) {
        double d;
        try {
            d = Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw error(what + " '" + token + "' is not a number");
        }
        if (!Double.isFinite(d)) {
            throw error(what + " '" + token + "' is not finite");
        }
        return d;
    }

    /** All remaining numeric tokens until a line starting with a non-numeric token (returned in rest). */
    List<String> remainingTokens() {
        List<String> out = new ArrayList<>();
        String[] t;
        while ((t = nextTokens()) != null) {
            for (String s : t) {
                out.add(s);
            }
        }
        return out;
    }
}
