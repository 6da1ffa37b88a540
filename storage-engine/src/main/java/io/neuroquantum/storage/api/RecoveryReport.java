package io.neuroquantum.storage.api;

import java.time.Duration;

/**
 * What opening the engine had to do.
 *
 * @param recovered       whether an existing file was opened (false: created)
 * @param records         log records read from the checkpoint's redo point on
 * @param pagesReplayed   page changes redone
 * @param losers          transactions found uncommitted and rolled back
 * @param changesUndone   their changes undone
 * @param redoTime        time to open the files, analyse and redo
 * @param undoTime        time to undo and take the closing checkpoint
 */
public record RecoveryReport(boolean recovered, long records, long pagesReplayed, long losers, long changesUndone,
        Duration redoTime, Duration undoTime) {
}
