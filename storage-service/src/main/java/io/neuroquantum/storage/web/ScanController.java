package io.neuroquantum.storage.web;

import io.neuroquantum.storage.api.IsolationLevel;
import io.neuroquantum.storage.catalog.StorageProblems;
import io.neuroquantum.storage.session.Sessions;
import io.neuroquantum.storage.table.Database;
import io.neuroquantum.storage.table.RowCursor;
import io.neuroquantum.storage.table.ScanSpec;
import io.neuroquantum.storage.table.TableTransaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Range scans streamed as NDJSON: a header line {@code {"columns":[...],"types":[...]}},
 * then {@code {"rows":[[...],...]}} lines of up to {@code batchSize} rows, then
 * {@code {"done":true,"rowCount":n,"scanned":m}}. Batches are produced on demand, so a slow
 * reader slows the scan and memory stays at one batch. Errors before the first line are
 * problem+json; an error mid-stream ends it with {@code {"error":{...}}}.
 */
@RestController
class ScanController {

    static final int DEFAULT_BATCH = 1000;
    static final int MAX_BATCH = 10_000;

    private final Database db;
    private final Sessions sessions;
    private final StorageWork work;
    private final JsonMapper json;

    ScanController(Database db, Sessions sessions, StorageWork work, JsonMapper json) {
        this.db = db;
        this.sessions = sessions;
        this.work = work;
        this.json = json;
    }

    record ScanRequest(String index, List<Object> lower, Boolean lowerInclusive, List<Object> upper,
            Boolean upperInclusive, Object where, List<String> columns, Boolean descending, Long limit,
            Integer batchSize) {
    }

    /** What a running scan holds: its transaction (own or a session's) and cursor. */
    private final class Running {
        final Sessions.Session session;
        final TableTransaction txn;
        RowCursor cursor;
        boolean headerSent;
        boolean endSent;

        Running(Sessions.Session session, TableTransaction txn) {
            this.session = session;
            this.txn = txn;
        }

        void close(boolean ok) {
            try {
                if (cursor != null) {
                    cursor.close();
                }
            } finally {
                if (session != null) {
                    sessions.release(session);
                } else if (ok && txn.active()) {
                    txn.commit();
                } else {
                    txn.rollback();
                }
            }
        }
    }

    /**
     * A request whose Accept excludes NDJSON is refused (406) before anything is opened: the
     * transaction and cursor are released by the response body, so the body must be sent.
     */
    @PostMapping(value = "/api/v1/tables/{table}/scan", produces = MediaType.APPLICATION_NDJSON_VALUE)
    Mono<ResponseEntity<Flux<String>>> scan(@RequestHeader(value = StorageWork.HEADER, required = false) String txn,
            @PathVariable String table, @RequestBody ScanRequest req) {
        int batch = req.batchSize() == null ? DEFAULT_BATCH : req.batchSize();
        if (batch < 1 || batch > MAX_BATCH) {
            return Mono.error(StorageProblems.invalid("batchSize", "must be 1.." + MAX_BATCH));
        }
        if (req.limit() != null && req.limit() < 0) {
            return Mono.error(StorageProblems.invalid("limit", "must be >= 0"));
        }
        ScanSpec spec = new ScanSpec(table, req.index(), req.lower() == null ? List.of() : req.lower(),
                req.lowerInclusive() == null || req.lowerInclusive(), req.upper() == null ? List.of() : req.upper(),
                req.upperInclusive() == null || req.upperInclusive(), req.where(), req.columns(),
                Boolean.TRUE.equals(req.descending()), req.limit() == null ? 0 : req.limit());
        return Mono.fromCallable(() -> open(txn, spec))
                .subscribeOn(work.scheduler())
                .map(running -> ResponseEntity.ok().contentType(MediaType.APPLICATION_NDJSON)
                        .body(stream(running, batch)));
    }

    private Running open(String txnId, ScanSpec spec) {
        Running r;
        if (txnId == null) {
            r = new Running(null, db.begin(IsolationLevel.READ_COMMITTED));
        } else {
            Sessions.Session s = sessions.acquire(txnId);
            r = new Running(s, sessionTxn(s));
        }
        try {
            r.cursor = r.txn.scan(spec);
            return r;
        } catch (RuntimeException e) {
            r.close(false);
            throw e;
        }
    }

    private TableTransaction sessionTxn(Sessions.Session s) {
        return sessions.transaction(s);
    }

    private Flux<String> stream(Running r, int batch) {
        Flux<String> lines = Flux.<String>generate(sink -> {
            if (!r.headerSent) {
                r.headerSent = true;
                Map<String, Object> head = new LinkedHashMap<>();
                head.put("columns", r.cursor.columns());
                head.put("types", r.cursor.types());
                sink.next(line(head));
                return;
            }
            if (r.endSent) {
                sink.complete();
                return;
            }
            List<Object[]> rows = r.cursor.done() ? List.of() : r.cursor.next(batch);
            if (rows.isEmpty()) {
                Map<String, Object> end = new LinkedHashMap<>();
                end.put("done", true);
                end.put("rowCount", r.cursor.returned());
                end.put("scanned", r.cursor.scanned());
                r.endSent = true;
                sink.next(line(end));
                return;
            }
            List<List<Object>> out = new ArrayList<>(rows.size());
            rows.forEach(row -> out.add(TableViews.row(row)));
            sink.next(line(Map.of("rows", out)));
        });
        return lines
                .onErrorResume(e -> Flux.just(line(Map.of("error", ErrorLines.describe(e)))))
                .doFinally(signal -> r.close(signal == reactor.core.publisher.SignalType.ON_COMPLETE))
                .subscribeOn(work.scheduler());
    }

    private String line(Object value) {
        return json.writeValueAsString(value) + "\n";
    }
}
