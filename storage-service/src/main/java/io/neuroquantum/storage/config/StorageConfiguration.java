package io.neuroquantum.storage.config;

import io.neuroquantum.platform.config.NqProperties;
import io.neuroquantum.storage.api.EngineOptions;
import io.neuroquantum.storage.session.Sessions;
import io.neuroquantum.storage.table.Database;
import io.neuroquantum.storage.wal.SegmentListener;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Opens the database in {@code <nq.data-dir>/storage} and wires the explicit-transaction registry. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean(destroyMethod = "close")
    Database database(NqProperties nq, StorageProperties props) {
        EngineOptions options = EngineOptions.defaults().withBufferPoolBytes(props.bufferPool().toBytes());
        if (props.asyncCommit()) {
            options = options.withAsyncCommit(Duration.ofMillis(10));
        }
        Database db = Database.open(nq.dataDir().resolve("storage"), options, SegmentListener.NONE);
        db.engine().retainLog(props.changeRetention().toBytes());
        db.statistics().startAutoAnalyze(Duration.ofSeconds(10));
        var r = db.engine().recovery();
        log.info("storage opened at {}: recovery redid {} records ({} pages) and undid {} changes of {} "
                + "transactions in {} ms", nq.dataDir().resolve("storage"), r.records(), r.pagesReplayed(),
                r.changesUndone(), r.losers(), r.redoTime().plus(r.undoTime()).toMillis());
        return db;
    }

    @Bean(destroyMethod = "close")
    Sessions sessions(Database db, StorageProperties props) {
        return new Sessions(db, props.transactionIdle(), props.transactionIdleMax(), props.maxTransactions());
    }

    /** Engine calls block (latches, locks, log flushes): they run on virtual threads, never on the event loop. */
    @Bean(destroyMethod = "dispose")
    Scheduler engineScheduler() {
        return Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(), "nq-engine");
    }
}
