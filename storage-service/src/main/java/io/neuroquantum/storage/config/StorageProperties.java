package io.neuroquantum.storage.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * storage-service settings, under {@code nq.storage}.
 *
 * @param bufferPool           memory of the buffer pool (off-heap)
 * @param changeRetention      log kept for the change feed beyond what recovery needs
 * @param transactionIdle      default idle timeout of an explicit transaction
 * @param transactionIdleMax   the longest idle timeout a client may ask for
 * @param maxTransactions      explicit transactions open at once
 * @param asyncCommit          commit before the log is durable (loses the last few ms on a crash)
 */
@ConfigurationProperties("nq.storage")
public record StorageProperties(@DefaultValue("256MB") DataSize bufferPool,
                                @DefaultValue("256MB") DataSize changeRetention,
                                @DefaultValue("60s") Duration transactionIdle,
                                @DefaultValue("1h") Duration transactionIdleMax,
                                @DefaultValue("1000") int maxTransactions,
                                @DefaultValue("false") boolean asyncCommit) {
}
