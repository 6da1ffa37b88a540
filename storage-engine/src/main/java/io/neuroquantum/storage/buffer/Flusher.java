package io.neuroquantum.storage.buffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Background writer of dirty pages: every interval it sweeps the frames and writes the
 * dirty ones nobody is writing to right now, so that eviction seldom has to write a page
 * on a reader's time. It never blocks on a page latch.
 */
final class Flusher implements Runnable {

    private final BufferPool pool;
    private final long intervalNanos;
    private final Thread thread;
    private volatile boolean running = true;

    Flusher(BufferPool pool, Duration interval) {
        this.pool = pool;
        this.intervalNanos = interval.toNanos();
        this.thread = Thread.ofPlatform().daemon().name("nq-page-flusher").start(this);
    }

    @Override
    public void run() {
        MemorySegment scratch = Arena.ofAuto().allocate(pool.pageSize(), 4096);
        while (running) {
            LockSupport.parkNanos(intervalNanos);
            if (!running) {
                break;
            }
            try {
                pool.syncLogForSweep();
                for (Frame f : pool.frames()) {
                    if (!running) {
                        break;
                    }
                    pool.flushFrame(f, scratch, false);
                }
            } catch (RuntimeException e) {
                // A failed write leaves the page dirty; the next sweep or flushAll retries and
                // reports. Keep the thread alive.
                System.getLogger(Flusher.class.getName()).log(System.Logger.Level.WARNING, "page flush failed", e);
            }
        }
    }

    void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
