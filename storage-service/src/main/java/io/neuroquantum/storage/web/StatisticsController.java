package io.neuroquantum.storage.web;

import io.neuroquantum.storage.stats.TableStatistics;
import io.neuroquantum.storage.table.Database;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Planner statistics: {@code GET /api/v1/tables/{t}/statistics} (row count, and per column
 * null fraction, distinct estimate, min/max, most common values, equi-depth histogram;
 * see {@code docs/formats/statistics.md}); {@code POST .../analyze} recomputes them now.
 */
@RestController
class StatisticsController {

    private final Database db;
    private final StorageWork work;

    StatisticsController(Database db, StorageWork work) {
        this.db = db;
        this.work = work;
    }

    @GetMapping("/api/v1/tables/{table}/statistics")
    Mono<TableStatistics> statistics(@PathVariable String table) {
        return Mono.fromCallable(() -> db.statistics().current(table)).subscribeOn(work.scheduler());
    }

    @PostMapping("/api/v1/tables/{table}/analyze")
    @PreAuthorize("hasRole('WRITE')")
    Mono<TableStatistics> analyze(@PathVariable String table) {
        return Mono.fromCallable(() -> {
            db.statistics().analyze(table);
            return db.statistics().current(table);
        }).subscribeOn(work.scheduler());
    }
}
