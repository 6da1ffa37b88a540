package io.neuroquantum.cli;

import io.neuroquantum.cli.suite.SuiteException;
import picocli.CommandLine;

/** Expected failures print one clear line (exit 1); bugs print the stack trace (exit 2). */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (ex instanceof SuiteException || ex instanceof IllegalArgumentException) {
            cmd.getErr().println("nq: " + ex.getMessage());
            return 1;
        }
        ex.printStackTrace(cmd.getErr());
        return 2;
    }
}
