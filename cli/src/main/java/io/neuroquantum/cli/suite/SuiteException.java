package io.neuroquantum.cli.suite;

/** Something the user must fix before the suite can start (port taken, jar missing, …). */
public final class SuiteException extends RuntimeException {

    public SuiteException(String message) {
        super(message);
    }
}
