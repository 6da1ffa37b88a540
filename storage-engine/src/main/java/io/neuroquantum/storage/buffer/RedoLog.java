package io.neuroquantum.storage.buffer;

import java.util.List;

/**
 * Where committed mini-transactions go: the engine's write-ahead log. {@link #append} is
 * called while every page of the mini-transaction is still latched exclusively, and must
 * return the LSN of the record it appended (not necessarily durable yet).
 */
public interface RedoLog {

    /** Context of a redo-only record (no transaction, nothing to undo). */
    MiniTransaction.LogContext SYSTEM = new MiniTransaction.LogContext((byte) 0, 0, 0, null);

    /** No log (pages change in memory only); for pools used without an engine. */
    RedoLog NONE = (context, pages) -> 0;

    long append(MiniTransaction.LogContext context, List<PageRedo> pages);
}
