package io.neuroquantum.storage.api;

import io.neuroquantum.storage.page.PageLayout;
import java.time.Duration;

/**
 * How an engine is opened.
 *
 * @param pageSize        4096, 8192 or 16384; fixed when the file is created, and must match when it is reopened
 * @param bufferPoolBytes memory for the buffer pool (off-heap), never exceeded
 * @param pinWait         how long a page request waits for a free frame before failing
 * @param flushInterval   how often dirty pages are written in the background
 */
public record EngineOptions(int pageSize, long bufferPoolBytes, Duration pinWait, Duration flushInterval) {

    public EngineOptions {
        PageLayout.checkPageSize(pageSize);
        if (bufferPoolBytes < 16L * pageSize) {
            throw new IllegalArgumentException("buffer pool must hold at least 16 pages");
        }
    }

    /** 4 KiB pages, a 256 MiB pool, 10 s pin wait, flush every second. */
    public static EngineOptions defaults() {
        return new EngineOptions(4096, 256L << 20, Duration.ofSeconds(10), Duration.ofSeconds(1));
    }

    public EngineOptions withPageSize(int size) {
        return new EngineOptions(size, bufferPoolBytes, pinWait, flushInterval);
    }

    public EngineOptions withBufferPoolBytes(long bytes) {
        return new EngineOptions(pageSize, bytes, pinWait, flushInterval);
    }

    public EngineOptions withPinWait(Duration wait) {
        return new EngineOptions(pageSize, bufferPoolBytes, wait, flushInterval);
    }

    public EngineOptions withFlushInterval(Duration interval) {
        return new EngineOptions(pageSize, bufferPoolBytes, pinWait, interval);
    }
}
