package io.neuroquantum.storage.config;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.neuroquantum.storage.buffer.BufferPoolStats;
import io.neuroquantum.storage.session.Sessions;
import io.neuroquantum.storage.table.Database;
import io.neuroquantum.storage.table.IndexUsage;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * The engine's counters in Micrometer ({@code /actuator/prometheus}): buffer pool, log,
 * transactions, locks, and per-index usage ({@code nq_storage_index_*{table,index}}, new
 * indexes picked up every few seconds). Names are what dashboards/ and the alert rules use.
 */
@Component
class StorageMetrics implements MeterBinder {

    private final Database db;
    private final Sessions sessions;
    private final Set<String> indexMeters = new HashSet<>();
    private final ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nq-index-metrics");
        t.setDaemon(true);
        return t;
    });

    StorageMetrics(Database db, Sessions sessions) {
        this.db = db;
        this.sessions = sessions;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        pool(registry, "nq.storage.buffer.hits", BufferPoolStats::hits, "page requests served from memory", true);
        pool(registry, "nq.storage.buffer.misses", BufferPoolStats::misses, "page requests that read the file", true);
        pool(registry, "nq.storage.buffer.evictions", BufferPoolStats::evictions, "pages evicted", true);
        pool(registry, "nq.storage.buffer.flushes", BufferPoolStats::flushes, "dirty pages written", true);
        pool(registry, "nq.storage.buffer.pin.waits", BufferPoolStats::pinWaits, "waits for a free frame", true);
        pool(registry, "nq.storage.buffer.dirty.pages", BufferPoolStats::dirtyPages, "dirty pages", false);
        pool(registry, "nq.storage.buffer.resident.pages", BufferPoolStats::residentPages, "pages in memory", false);
        pool(registry, "nq.storage.buffer.capacity.pages", BufferPoolStats::capacityPages, "frames", false);
        Gauge.builder("nq.storage.buffer.hit.ratio", db, d -> d.engine().bufferPoolStats().hitRate())
                .description("hits over all page requests since start").register(registry);
        FunctionCounter.builder("nq.storage.wal.bytes", db, d -> d.engine().durableLsn())
                .description("durable log position (bytes of log ever written)").baseUnit("bytes").register(registry);
        Gauge.builder("nq.storage.wal.retained.bytes", db, d -> d.engine().durableLsn() - d.engine().oldestLogLsn())
                .description("log kept on disk").baseUnit("bytes").register(registry);
        FunctionCounter.builder("nq.storage.transactions.commits", db, Database::commits).register(registry);
        FunctionCounter.builder("nq.storage.transactions.rollbacks", db, Database::rollbacks).register(registry);
        Gauge.builder("nq.storage.transactions.active", db, Database::activeTransactions).register(registry);
        Gauge.builder("nq.storage.transactions.explicit.open", sessions, Sessions::openCount).register(registry);
        FunctionCounter.builder("nq.storage.lock.waits", db, d -> d.engine().lockStats().total().waits())
                .register(registry);
        FunctionCounter.builder("nq.storage.lock.wait.time", db,
                d -> d.engine().lockStats().total().waitMicros() / 1e6).baseUnit("seconds").register(registry);
        FunctionCounter.builder("nq.storage.lock.deadlocks", db, d -> d.engine().lockStats().total().deadlocks())
                .register(registry);
        FunctionCounter.builder("nq.storage.lock.timeouts", db, d -> d.engine().lockStats().total().timeouts())
                .register(registry);
        Gauge.builder("nq.storage.tables", db, d -> d.tables().size()).register(registry);
        Gauge.builder("nq.storage.file.bytes", db, d -> d.engine().fileSizeBytes()).baseUnit("bytes")
                .register(registry);
        scanner.scheduleWithFixedDelay(() -> registerIndexes(registry), 0, 5, TimeUnit.SECONDS);
    }

    private void pool(MeterRegistry registry, String name, ToDoubleFunction<BufferPoolStats> f, String help,
            boolean counter) {
        ToDoubleFunction<Database> read = d -> f.applyAsDouble(d.engine().bufferPoolStats());
        if (counter) {
            FunctionCounter.builder(name, db, read).description(help).register(registry);
        } else {
            Gauge.builder(name, db, read).description(help).register(registry);
        }
    }

    private void registerIndexes(MeterRegistry registry) {
        for (IndexUsage.Snapshot s : db.indexUsage().snapshot()) {
            String id = s.table() + "\u0000" + s.index();
            if (indexMeters.add(id)) {
                FunctionCounter.builder("nq.storage.index.lookups", db, d -> find(d, s).lookups())
                        .tags("table", s.table(), "index", s.index()).register(registry);
                FunctionCounter.builder("nq.storage.index.range.scans", db, d -> find(d, s).rangeScans())
                        .tags("table", s.table(), "index", s.index()).register(registry);
                FunctionCounter.builder("nq.storage.index.rows.read", db, d -> find(d, s).rowsRead())
                        .tags("table", s.table(), "index", s.index()).register(registry);
            }
        }
    }

    private static IndexUsage.Snapshot find(Database d, IndexUsage.Snapshot s) {
        return d.indexUsage().get(s.table(), s.index());
    }
}
