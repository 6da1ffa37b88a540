package io.neuroquantum.storage.web;

import io.neuroquantum.storage.api.IsolationLevel;
import io.neuroquantum.storage.session.Sessions;
import io.neuroquantum.storage.table.Database;
import io.neuroquantum.storage.table.TableTransaction;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Runs a call in a transaction off the event loop: in the explicit transaction the request
 * names (header {@value #HEADER}), or in its own READ COMMITTED transaction that commits
 * when the call returns and rolls back when it throws.
 */
@Component
class StorageWork {

    static final String HEADER = "NQ-Transaction";

    private final Database db;
    private final Sessions sessions;
    private final Scheduler scheduler;

    StorageWork(Database db, Sessions sessions, Scheduler engineScheduler) {
        this.db = db;
        this.sessions = sessions;
        this.scheduler = engineScheduler;
    }

    <T> Mono<T> run(String txnId, Function<TableTransaction, T> call) {
        return Mono.fromCallable(() -> txnId == null ? autocommit(call, false) : sessions.with(txnId, call))
                .subscribeOn(scheduler);
    }

    /**
     * Like {@link #run} for a call that only reads: on its own, it runs as a single-statement
     * read that skips the catalog locks (see {@link Database#beginSingleRead}).
     */
    <T> Mono<T> read(String txnId, Function<TableTransaction, T> call) {
        return Mono.fromCallable(() -> txnId == null ? autocommit(call, true) : sessions.with(txnId, call))
                .subscribeOn(scheduler);
    }

    private <T> T autocommit(Function<TableTransaction, T> call, boolean singleRead) {
        TableTransaction t = singleRead ? db.beginSingleRead() : db.begin(IsolationLevel.READ_COMMITTED);
        try {
            T result = call.apply(t);
            if (t.active()) {
                t.commit();
            }
            return result;
        } finally {
            t.rollback();
        }
    }

    Scheduler scheduler() {
        return scheduler;
    }
}
