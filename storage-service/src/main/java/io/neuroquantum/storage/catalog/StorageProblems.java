package io.neuroquantum.storage.catalog;

import io.neuroquantum.platform.problem.ApiProblem;
import java.util.Map;

/**
 * The client errors of the storage service, as RFC 9457 problems (the web layer renders
 * them). Each names what is wrong: the field, the table, the constraint.
 */
public final class StorageProblems {

    private StorageProblems() {
    }

    /** 400: a value or request member is malformed or of the wrong type. */
    public static ApiProblem invalid(String field, String detail) {
        return new ApiProblem(400, "invalid-value", "Invalid value", field + ": " + detail, Map.of("field", field));
    }

    /** 400: the request is well-formed JSON but not a valid request. */
    public static ApiProblem badRequest(String detail) {
        return ApiProblem.badRequest(detail);
    }

    public static ApiProblem noSuchTable(String table) {
        return new ApiProblem(404, "no-such-table", "No such table", "table \"" + table + "\" does not exist",
                Map.of("table", table));
    }

    public static ApiProblem noSuchIndex(String table, String index) {
        return new ApiProblem(404, "no-such-index", "No such index",
                "table \"" + table + "\" has no index \"" + index + "\"", Map.of("table", table, "index", index));
    }

    public static ApiProblem noSuchRow(String table) {
        return new ApiProblem(404, "no-such-row", "No such row", "no row of \"" + table + "\" has that key",
                Map.of("table", table));
    }

    public static ApiProblem exists(String what, String name) {
        return new ApiProblem(409, "already-exists", "Already exists", what + " \"" + name + "\" already exists",
                Map.of("name", name));
    }

    /** 409: a write would break a constraint (primary key, unique index, NOT NULL). */
    public static ApiProblem constraint(String constraint, String detail) {
        return new ApiProblem(409, "constraint-violation", "Constraint violation", detail,
                Map.of("constraint", constraint, "retryable", false));
    }

    /** 409: deadlock victim or lock wait timeout; the transaction was rolled back and may be retried. */
    public static ApiProblem lockConflict(String reason, String detail) {
        return new ApiProblem(409, "lock-conflict", "Lock conflict", detail,
                Map.of("reason", reason, "retryable", true));
    }

    public static ApiProblem noSuchTransaction(String id) {
        return new ApiProblem(404, "no-such-transaction", "No such transaction",
                "transaction " + id + " does not exist (or already ended)", Map.of("transaction", id));
    }

    public static ApiProblem transactionExpired(String id, String why) {
        return new ApiProblem(410, "transaction-expired", "Transaction expired",
                "transaction " + id + " " + why + "; it was rolled back", Map.of("transaction", id));
    }

    public static ApiProblem tooLarge(String detail) {
        return new ApiProblem(413, "too-large", "Payload too large", detail);
    }

    /** 410: a change feed resume point older than the log kept. */
    public static ApiProblem notRetained(long from, long oldest) {
        return new ApiProblem(410, "lsn-not-retained", "LSN no longer retained",
                "changes from LSN " + from + " are no longer retained; the oldest available is " + oldest,
                Map.of("from", from, "oldestAvailable", oldest));
    }
}
