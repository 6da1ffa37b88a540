package io.neuroquantum.storage.web;

import io.neuroquantum.storage.session.Sessions;
import io.neuroquantum.storage.table.Database;
import io.neuroquantum.storage.table.IndexUsage;
import io.neuroquantum.storage.txn.LockStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Operational statistics: index usage ({@code /api/v1/stats/indexes}), lock contention
 * ({@code /api/v1/stats/locks}) and the engine ({@code /api/v1/stats/engine}). The same
 * numbers are in {@code /actuator/prometheus} (see StorageMetrics).
 */
@RestController
class StatsController {

    private final Database db;
    private final Sessions sessions;

    StatsController(Database db, Sessions sessions) {
        this.db = db;
        this.sessions = sessions;
    }

    @GetMapping("/api/v1/stats/indexes")
    Mono<List<IndexUsage.Snapshot>> indexes() {
        return Mono.fromSupplier(() -> db.indexUsage().snapshot());
    }

    @GetMapping("/api/v1/stats/locks")
    Mono<Map<String, Object>> locks() {
        return Mono.fromSupplier(() -> {
            LockStats stats = db.engine().lockStats();
            Map<String, Object> out = new LinkedHashMap<>(counters(stats.total()));
            List<Map<String, Object>> tables = new ArrayList<>();
            stats.perTable().forEach((tree, c) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                String owner = db.treeOwner(tree);
                m.put("table", owner == null ? "tree " + tree : owner);
                m.putAll(counters(c));
                tables.add(m);
            });
            out.put("tables", tables);
            return out;
        });
    }

    private static Map<String, Object> counters(LockStats.Counters c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("waits", c.waits());
        m.put("waitMicros", c.waitMicros());
        m.put("deadlocks", c.deadlocks());
        m.put("timeouts", c.timeouts());
        return m;
    }

    @GetMapping("/api/v1/stats/engine")
    Mono<Map<String, Object>> engine() {
        return Mono.fromSupplier(() -> {
            var pool = db.engine().bufferPoolStats();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bufferPool", Map.of("hits", pool.hits(), "misses", pool.misses(), "hitRate", pool.hitRate(),
                    "evictions", pool.evictions(), "flushes", pool.flushes(), "pinWaits", pool.pinWaits(),
                    "dirtyPages", pool.dirtyPages(), "residentPages", pool.residentPages(),
                    "capacityPages", pool.capacityPages()));
            m.put("wal", Map.of("durableLsn", db.engine().durableLsn(), "oldestLsn", db.engine().oldestLogLsn()));
            m.put("transactions", Map.of("active", db.activeTransactions(), "explicitOpen", sessions.openCount(),
                    "commits", db.commits(), "rollbacks", db.rollbacks()));
            m.put("fileBytes", db.engine().fileSizeBytes());
            return m;
        });
    }
}
