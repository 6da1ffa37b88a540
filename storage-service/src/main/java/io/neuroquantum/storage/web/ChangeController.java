package io.neuroquantum.storage.web;

import io.neuroquantum.storage.catalog.StorageProblems;
import io.neuroquantum.storage.changes.ChangeEvent;
import io.neuroquantum.storage.changes.ChangeFeed;
import io.neuroquantum.storage.row.Values;
import io.neuroquantum.storage.table.Database;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The change feed: {@code GET /api/v1/changes?from=<lsn>&follow=<bool>&limit=<n>} streams
 * committed row changes as NDJSON, one object per change, in commit order:
 * {@code {"lsn","index","commitTime","txn","table","op","key","new","old"}}. Resume with
 * {@code from} = the last {@code lsn} seen (its transaction is sent again, dedupe by
 * {@code index}) or that lsn + 1. With {@code follow=true} the stream stays open, sends new
 * commits as they become durable and a {@code {"heartbeat":true,"position":lsn}} line when
 * it has caught up and after every 5 s without changes. Changes are produced on demand: a slow reader holds back the reading of
 * the log, not memory.
 */
@RestController
class ChangeController {

    static final long HEARTBEAT_NANOS = 5_000_000_000L;
    static final long POLL_MILLIS = 20;

    private final Database db;
    private final StorageWork work;
    private final JsonMapper json;

    ChangeController(Database db, StorageWork work, JsonMapper json) {
        this.db = db;
        this.work = work;
        this.json = json;
    }

    @GetMapping(value = "/api/v1/changes", produces = MediaType.APPLICATION_NDJSON_VALUE)
    Mono<ResponseEntity<Flux<String>>> changes(@RequestParam(defaultValue = "0") String from,
            @RequestParam(defaultValue = "false") boolean follow, @RequestParam(defaultValue = "0") long limit) {
        long start;
        try {
            start = Long.parseLong(from);
        } catch (NumberFormatException e) {
            return Mono.error(StorageProblems.invalid("from", "expected an LSN (a non-negative integer)"));
        }
        if (start < 0 || limit < 0) {
            return Mono.error(StorageProblems.invalid(start < 0 ? "from" : "limit", "must be >= 0"));
        }
        return Mono.fromCallable(() -> db.changes().open(start))
                .subscribeOn(work.scheduler())
                .map(cursor -> ResponseEntity.ok().contentType(MediaType.APPLICATION_NDJSON)
                        .body(stream(cursor, follow, limit)));
    }

    private Flux<String> stream(ChangeFeed.Cursor cursor, boolean follow, long limit) {
        long[] sent = {0};
        java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        // the first empty poll sends a heartbeat at once: the client gets the headers and its position
        long[] quietSince = {System.nanoTime() - HEARTBEAT_NANOS - 1};
        return Flux.<String>generate(sink -> {
            if (limit > 0 && sent[0] >= limit) {
                sink.complete();
                return;
            }
            for (;;) {
                List<ChangeEvent> events = cursor.poll((int) Math.min(256, limit > 0 ? limit - sent[0] : 256));
                if (!events.isEmpty()) {
                    StringBuilder lines = new StringBuilder();
                    for (ChangeEvent e : events) {
                        lines.append(json.writeValueAsString(view(e))).append('\n');
                    }
                    sent[0] += events.size();
                    quietSince[0] = System.nanoTime();
                    sink.next(lines.toString());
                    return;
                }
                if (!follow || cancelled.get()) { // a cancelled follower is noticed within one poll interval
                    sink.complete();
                    return;
                }
                if (System.nanoTime() - quietSince[0] > HEARTBEAT_NANOS) {
                    quietSince[0] = System.nanoTime();
                    sink.next(json.writeValueAsString(Map.of("heartbeat", true, "position", cursor.position()))
                            + "\n");
                    return;
                }
                try {
                    Thread.sleep(POLL_MILLIS); // a virtual thread: sleeping costs no carrier
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    sink.complete();
                    return;
                }
            }
        }).onErrorResume(e -> Flux.just(json.writeValueAsString(Map.of("error", ErrorLines.describe(e))) + "\n"))
                .subscribeOn(work.scheduler())
                .doOnCancel(() -> cancelled.set(true));
    }

    static Map<String, Object> view(ChangeEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lsn", e.lsn());
        m.put("index", e.index());
        m.put("commitTime", e.commitTime().toString());
        m.put("txn", e.txn());
        m.put("table", e.table());
        m.put("op", e.op().label());
        m.put("key", json(e.key()));
        m.put("new", json(e.newRow()));
        m.put("old", json(e.oldRow()));
        return m;
    }

    private static Map<String, Object> json(Map<String, Object> row) {
        if (row == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((k, v) -> out.put(k, Values.toJson(v)));
        return out;
    }
}
