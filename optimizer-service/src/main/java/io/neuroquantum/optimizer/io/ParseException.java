package io.neuroquantum.optimizer.io;

import io.neuroquantum.optimizer.model.InvalidModelException;

/** A malformed input file; the message names the format, the line and what is wrong. */
public class ParseException extends InvalidModelException {

    public ParseException(String format, int line, String message) {
        super(format + (line > 0 ? " line " + line : "") + ": " + message);
    }
}
