package io.neuroquantum.storage.api;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Takes checkpoints in the background: whenever {@code logBytes} of log were written since
 * the last one, or {@code interval} passed and the log grew, so the log that recovery must
 * read stays bounded however long the engine runs.
 */
final class Checkpointer implements Runnable {

    private static final System.Logger LOG = System.getLogger(Checkpointer.class.getName());

    private final StorageEngine engine;
    private final long intervalNanos;
    private final long logBytes;
    private volatile long lastRedoLsn;
    private volatile long lastAt = System.nanoTime();
    private volatile boolean running;
    private Thread thread;

    Checkpointer(StorageEngine engine, Duration interval, long logBytes) {
        this.engine = engine;
        this.intervalNanos = interval.toNanos();
        this.logBytes = logBytes;
    }

    void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("nq-checkpointer").start(this);
    }

    void completed(long redoLsn) {
        lastRedoLsn = redoLsn;
        lastAt = System.nanoTime();
    }

    @Override
    public void run() {
        while (running) {
            LockSupport.parkNanos(100_000_000L);
            if (!running) {
                break;
            }
            long grown = engine.logEndLsn() - lastRedoLsn;
            boolean due = grown >= logBytes || (grown > 4096 && System.nanoTime() - lastAt >= intervalNanos);
            if (!due) {
                continue;
            }
            try {
                engine.checkpoint();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "checkpoint failed (the next one retries): " + e.getMessage(), e);
                lastAt = System.nanoTime();
            }
        }
    }

    void stop() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
