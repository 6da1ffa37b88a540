package io.neuroquantum.realtime.channel;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks one at a time in submission order, on the submitting threads, without locks:
 * whoever moves {@code pending} from 0 to 1 drains the queue, including tasks other threads
 * add meanwhile. A task that throws is reported to {@code onError} and does not stop the drain.
 *
 * <p>Invariant: {@code pending} counts tasks submitted and not yet run; at most one thread
 * drains at a time. The {@code getAndIncrement} in {@link #execute} is the linearization point
 * of a submission; the drain's {@code decrementAndGet} publishes a finished task's effects to
 * the next drainer (happens-before through the atomic).
 */
final class SerialExecutor implements Executor {

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final java.util.function.Consumer<Throwable> onError;

    SerialExecutor(java.util.function.Consumer<Throwable> onError) {
        this.onError = onError;
    }

    @Override
    public void execute(Runnable task) {
        tasks.offer(task);
        if (pending.getAndIncrement() != 0) {
            return;
        }
        do {
            Runnable next = tasks.poll();
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                onError.accept(e);
            }
        } while (pending.decrementAndGet() != 0);
    }
}
