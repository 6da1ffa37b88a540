package io.neuroquantum.storage.web;

import io.neuroquantum.storage.api.IsolationLevel;
import io.neuroquantum.storage.catalog.StorageProblems;
import io.neuroquantum.storage.session.Sessions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Explicit transactions: {@code POST /api/v1/transactions} begins one and returns its id;
 * requests carry it in the {@code NQ-Transaction} header; {@code .../{id}/commit} and
 * {@code .../{id}/rollback} end it. Idle longer than {@code idleTimeoutMs}, it is rolled back.
 */
@RestController
class TransactionController {

    private final Sessions sessions;
    private final StorageWork work;

    TransactionController(Sessions sessions, StorageWork work) {
        this.sessions = sessions;
        this.work = work;
    }

    record BeginRequest(String isolation, Long idleTimeoutMs) {
    }

    record Begun(String id, String isolation, long idleTimeoutMs) {
    }

    @PostMapping("/api/v1/transactions")
    Mono<ResponseEntity<Begun>> begin(@RequestBody(required = false) BeginRequest req) {
        IsolationLevel level = IsolationLevel.READ_COMMITTED;
        Duration idle = null;
        if (req != null && req.isolation() != null) {
            String name = req.isolation().trim().toUpperCase(Locale.ROOT).replace(' ', '_');
            level = switch (name) {
                case "READ_COMMITTED" -> IsolationLevel.READ_COMMITTED;
                case "SERIALIZABLE", "REPEATABLE_READ" -> IsolationLevel.SERIALIZABLE;
                default -> throw StorageProblems.invalid("isolation",
                        "expected read_committed or serializable");
            };
        }
        if (req != null && req.idleTimeoutMs() != null) {
            if (req.idleTimeoutMs() <= 0) {
                return Mono.error(StorageProblems.invalid("idleTimeoutMs", "must be positive"));
            }
            idle = Duration.ofMillis(req.idleTimeoutMs());
        }
        IsolationLevel chosen = level;
        Duration timeout = idle;
        return Mono.fromCallable(() -> sessions.begin(chosen, timeout))
                .subscribeOn(work.scheduler())
                .map(s -> ResponseEntity.status(HttpStatus.CREATED).body(new Begun(s.id(),
                        s.isolation().name().toLowerCase(Locale.ROOT), s.idleTimeout().toMillis())));
    }

    @GetMapping("/api/v1/transactions")
    Mono<List<Map<String, Object>>> list() {
        return Mono.fromSupplier(sessions::list);
    }

    record Committed(long commitLsn) {
    }

    @PostMapping("/api/v1/transactions/{id}/commit")
    Mono<Committed> commit(@PathVariable String id) {
        return Mono.fromCallable(() -> new Committed(sessions.commit(id))).subscribeOn(work.scheduler());
    }

    @PostMapping("/api/v1/transactions/{id}/rollback")
    Mono<ResponseEntity<Void>> rollback(@PathVariable String id) {
        return Mono.fromCallable(() -> {
            sessions.rollback(id);
            return ResponseEntity.noContent().<Void>build();
        }).subscribeOn(work.scheduler());
    }
}
