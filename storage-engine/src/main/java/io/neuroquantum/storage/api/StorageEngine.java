package io.neuroquantum.storage.api;

import io.neuroquantum.storage.btree.BTree;
import io.neuroquantum.storage.btree.TreeChecker;
import io.neuroquantum.storage.buffer.BufferPool;
import io.neuroquantum.storage.buffer.BufferPoolStats;
import io.neuroquantum.storage.buffer.MiniTransaction;
import io.neuroquantum.storage.buffer.RedoLog;
import io.neuroquantum.storage.recovery.CheckpointRecord;
import io.neuroquantum.storage.recovery.LogManager;
import io.neuroquantum.storage.recovery.MasterRecord;
import io.neuroquantum.storage.recovery.Recovery;
import io.neuroquantum.storage.txn.LockManager;
import io.neuroquantum.storage.txn.LockStats;
import io.neuroquantum.storage.txn.UndoOp;
import io.neuroquantum.storage.wal.LogReader;
import io.neuroquantum.storage.wal.LogRecordType;
import io.neuroquantum.storage.wal.SegmentListener;
import io.neuroquantum.storage.wal.WalOptions;
import io.neuroquantum.storage.wal.WriteAheadLog;
import java.time.Duration;
import java.util.Map;
import io.neuroquantum.storage.file.PageFile;
import io.neuroquantum.storage.page.FileHeader;
import io.neuroquantum.storage.page.StorageException;
import io.neuroquantum.storage.space.PageAllocator;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded engine over one page file and its write-ahead log: named B+ trees, a
 * buffer pool, page allocation, transactions, checkpoints and crash recovery. A tree
 * directory (itself a B+ tree, anchored in the file header) maps names to trees.
 *
 * <h2>Files</h2>
 * The page file at the given path, and the log in the directory beside it named
 * {@code <file>.wal} (segments and the {@code checkpoint} pointer).
 *
 * <h2>Durability</h2>
 * Every page change is logged before it can reach the file (the WAL rule at write-back).
 * {@link Transaction#commit()} returns once its commit record is durable (group commit),
 * unless asynchronous commit is configured. The {@link KvTree} methods of a tree are
 * single-operation changes that are atomic and crash-consistent but durable only once a
 * later commit, {@link #flush()} or the background log flush covers them, and they take no
 * locks: use transactions whenever several writers or readers must be isolated.
 *
 * <h2>Opening</h2>
 * Opening runs restart recovery (see {@link Recovery}): redo from the last checkpoint,
 * undo of transactions that did not commit, then a checkpoint; {@link #recovery()} reports
 * what it did.
 */
public final class StorageEngine implements AutoCloseable {

    private final PageFile file;
    private final BufferPool pool;
    private final PageAllocator allocator;
    private final BTree directory;
    private final ConcurrentHashMap<String, BTree> trees = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, BTree> treesByMeta = new ConcurrentHashMap<>();
    private final WriteAheadLog wal;
    private final Path walDir;
    private final LogManager log;
    private final LockManager locks = new LockManager();
    private final TransactionManager transactions;
    private final Checkpointer checkpointer;
    private volatile RecoveryReport recovery;
    /** Log bytes kept behind the end for log readers (the change feed), beyond what recovery needs. */
    private volatile long logRetentionBytes;

    private StorageEngine(PageFile file, BufferPool pool, PageAllocator allocator, BTree directory, WriteAheadLog wal,
            Path walDir, LogManager log, EngineOptions options, long nextTxnId) {
        this.file = file;
        this.pool = pool;
        this.allocator = allocator;
        this.directory = directory;
        this.wal = wal;
        this.walDir = walDir;
        this.log = log;
        this.transactions = new TransactionManager(pool, log, locks, this::treeByMeta, nextTxnId,
                options.lockTimeout(), options.asyncCommit());
        this.checkpointer = new Checkpointer(this, options.checkpointInterval(), options.checkpointLogBytes());
    }

    /** The log directory of the page file {@code file}. */
    public static Path walDirectory(Path file) {
        return file.resolveSibling(file.getFileName() + ".wal");
    }

    /** Opens {@code path}, creating it (with the options' page size) if it does not exist, and recovers. */
    public static StorageEngine open(Path path, EngineOptions options) {
        return open(path, options, SegmentListener.NONE);
    }

    /**
     * Like {@link #open(Path, EngineOptions)}, announcing every completed, durable log
     * segment to {@code segments} (WAL archiving for backups and point-in-time recovery).
     */
    public static StorageEngine open(Path path, EngineOptions options, SegmentListener segments) {
        long started = System.nanoTime();
        boolean exists = Files.exists(path);
        Path walDir = walDirectory(path);
        if (exists) {
            int pageSize = readPageSize(path);
            if (pageSize != options.pageSize()) {
                throw new StorageException(path + " has " + pageSize + "-byte pages, but " + options.pageSize()
                        + "-byte pages were requested");
            }
        } else if (hasLogRecords(walDir)) {
            throw new StorageException("the page file " + path + " is missing, but its log " + walDir
                    + " holds records: refusing to start over (restore the file or remove the log)");
        }
        WalOptions walOptions = new WalOptions(options.walSegmentBytes(), 1 << 20, options.asyncCommit(),
                options.asyncCommitWindow(), options.fileIO());
        WriteAheadLog wal = WriteAheadLog.open(walDir, walOptions, segments);
        PageFile file = null;
        BufferPool pool = null;
        try {
            file = exists ? PageFile.open(path, options.pageSize()) : PageFile.create(path, options.pageSize());
            long checkpoint = MasterRecord.read(walDir);
            LogManager log = new LogManager(wal, options.pageSize(), checkpoint == 0 ? 0 : redoPointOf(wal, checkpoint));
            pool = new BufferPool(file, options.bufferPoolBytes(), options.pinWait(), options.flushInterval(), log);
            pool.setRedoLog(log);
            PageAllocator allocator = new PageAllocator(pool, file);
            Recovery.Result redo = null;
            BTree directory;
            if (exists) {
                redo = Recovery.redo(wal, walDir, pool);
                file.ensureCapacity(allocator.pageCount());
                directory = BTree.open(pool, allocator, allocator.directoryPage());
            } else {
                final PageFile f = file;
                final BufferPool p = pool;
                directory = MiniTransaction.run(pool, RedoLog.SYSTEM, () -> {
                    PageAllocator.format(p, f);
                    BTree d = BTree.create(p, allocator);
                    allocator.setDirectoryPage(d.metaPage());
                    return d;
                });
            }
            long undoStarted = System.nanoTime();
            StorageEngine engine = new StorageEngine(file, pool, allocator, directory, wal, walDir, log, options,
                    redo == null ? 1 : redo.nextTxnId());
            long undone = 0;
            if (redo != null && !redo.losers().isEmpty()) {
                undone = engine.undoLosers(redo.losers());
            }
            engine.checkpoint();
            RecoveryReport report = new RecoveryReport(redo != null, redo == null ? 0 : redo.records(),
                    redo == null ? 0 : redo.pagesReplayed(), redo == null ? 0 : redo.losers().size(), undone,
                    Duration.ofNanos(undoStarted - started), Duration.ofNanos(System.nanoTime() - undoStarted));
            engine.recovery = report;
            engine.checkpointer.start();
            return engine;
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.abandon();
            }
            if (file != null) {
                file.close();
            }
            wal.close();
            throw e;
        }
    }

    private static long redoPointOf(WriteAheadLog wal, long checkpointLsn) {
        try (var reader = wal.reader(checkpointLsn)) {
            var r = reader.next();
            if (r == null || r.lsn() != checkpointLsn || r.type() != LogRecordType.CHECKPOINT_END) {
                return 0;
            }
            return CheckpointRecord.decode(r.payload()).redoLsn();
        }
    }

    private static int readPageSize(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            MemorySegment prefix = arena.allocate(FileHeader.PREFIX_SIZE);
            ByteBuffer buf = prefix.asByteBuffer();
            while (buf.hasRemaining()) {
                if (ch.read(buf, buf.position()) < 0) {
                    throw new StorageException(path + " is too short to be a NeuroQuantumDB page file ("
                            + ch.size() + " bytes)");
                }
            }
            return FileHeader.validate(path.toString(), prefix);
        } catch (IOException e) {
            throw new StorageException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasLogRecords(Path walDir) {
        if (!Files.isDirectory(walDir)) {
            return false;
        }
        try (var files = Files.list(walDir)) {
            return files.anyMatch(f -> f.getFileName().toString().matches("[0-9a-f]{16}\\.wal"));
        } catch (IOException e) {
            throw new StorageException("cannot list " + walDir + ": " + e.getMessage(), e);
        }
    }

    private long undoLosers(List<Recovery.Loser> losers) {
        return Recovery.undo(wal, losers, new Recovery.UndoSteps() {
            @Override
            public long undo(long txnId, long prevLsn, UndoOp op, long undoNextLsn) {
                return transactions.undo(txnId, prevLsn, op, undoNextLsn, lsn -> { });
            }

            @Override
            public void end(long txnId, long prevLsn) {
                transactions.end(txnId, prevLsn, lsn -> { });
            }
        });
    }

    private BTree treeByMeta(long metaPage) {
        return treesByMeta.computeIfAbsent(metaPage, m -> BTree.open(pool, allocator, m));
    }

    /** What the last open had to recover. */
    public RecoveryReport recovery() {
        return recovery;
    }

    /** Begins a SERIALIZABLE transaction. */
    public Transaction begin() {
        return begin(IsolationLevel.SERIALIZABLE);
    }

    public Transaction begin(IsolationLevel level) {
        return transactions.begin(level);
    }

    public LockStats lockStats() {
        return locks.stats();
    }

    /**
     * Takes a checkpoint now: moves the full-page-image boundary, writes back every page
     * dirtied before it, logs the active transactions and dirty pages, makes the checkpoint
     * the restart point and removes log segments nobody needs any more.
     */
    public synchronized void checkpoint() {
        Map<Long, CheckpointRecord.TxnState>[] att = new Map[1];
        long redo = log.beginCheckpoint(() -> att[0] = transactions.snapshot());
        pool.writeBackBefore(redo);
        CheckpointRecord cp = new CheckpointRecord(redo, transactions.nextTxnId(), att[0], pool.dirtyPages());
        long lsn = wal.append(LogRecordType.CHECKPOINT_END, 0, 0, cp.encode());
        wal.flush(lsn);
        MasterRecord.write(walDir, lsn);
        long keep = Math.min(redo, wal.endLsn() - logRetentionBytes);
        for (CheckpointRecord.TxnState t : att[0].values()) {
            keep = Math.min(keep, t.firstLsn());
        }
        wal.deleteSegmentsBefore(keep);
        checkpointer.completed(redo);
    }

    /**
     * Keeps at least the last {@code bytes} of log (whole segments) when checkpoints remove
     * old segments, so log readers such as a change feed can resume that far back.
     */
    public void retainLog(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("retention must be >= 0");
        }
        logRetentionBytes = bytes;
    }

    /** LSN just after the last durable record: readers see records below it only. */
    public long durableLsn() {
        return wal.durableLsn();
    }

    /** The first LSN of the oldest log segment kept. */
    public long oldestLogLsn() {
        return wal.oldestLsn();
    }

    /**
     * A reader over the log from the record boundary at or before {@code lsn} (see
     * {@link WriteAheadLog#segmentStart}); the caller skips records below {@code lsn} and
     * stops at {@link #durableLsn()}.
     */
    public LogReader readLog(long lsn) {
        return wal.reader(Math.max(wal.segmentStart(lsn), wal.oldestLsn()));
    }

    /** A reader from {@code boundary}, which must be a record boundary (a record's LSN or next LSN). */
    public LogReader readLogAt(long boundary) {
        return wal.reader(boundary);
    }

    long logEndLsn() {
        return wal.endLsn();
    }

    /** Creates a new, empty tree; fails if the name is taken. */
    public synchronized KvTree createTree(String name) {
        byte[] key = nameKey(name);
        if (directory.get(key) != null) {
            throw new IllegalStateException("tree '" + name + "' already exists");
        }
        BTree tree = MiniTransaction.run(pool, RedoLog.SYSTEM, () -> {
            BTree t = BTree.create(pool, allocator);
            directory.put(key, ByteBuffer.allocate(8).putLong(t.metaPage()).array());
            return t;
        });
        // the creation must survive a crash once this returns
        wal.flush(wal.endLsn() - 1);
        trees.put(name, tree);
        treesByMeta.put(tree.metaPage(), tree);
        return tree;
    }

    /** The tree of that name; fails if there is none. */
    public KvTree openTree(String name) {
        return findTree(name).orElseThrow(() -> new IllegalStateException("no tree named '" + name + "'"));
    }

    public Optional<KvTree> findTree(String name) {
        BTree cached = trees.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        byte[] meta = directory.get(nameKey(name));
        if (meta == null) {
            return Optional.empty();
        }
        return Optional.of(trees.computeIfAbsent(name, n -> treeByMeta(ByteBuffer.wrap(meta).getLong())));
    }

    /** Names of all trees, in byte order of their UTF-8 names. */
    public List<String> treeNames() {
        List<String> names = new ArrayList<>();
        try (TreeCursor c = directory.scan(KeyRange.all(), false)) {
            while (c.next()) {
                names.add(new String(c.key(), StandardCharsets.UTF_8));
            }
        }
        return names;
    }

    private byte[] nameKey(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("tree name must not be empty");
        }
        byte[] key = name.getBytes(StandardCharsets.UTF_8);
        if (key.length > directory.maxKeyLength()) {
            throw new IllegalArgumentException("tree name too long");
        }
        return key;
    }

    /**
     * Checks every tree's structure and the page accounting: each page of the file is the
     * header, part of exactly one tree (meta, node or overflow page), or on the free list.
     * Run it only while no other thread writes.
     *
     * @throws IllegalStateException describing the first problem found
     */
    public EngineCheck check() {
        Set<Long> used = new HashSet<>();
        used.add(0L);
        List<TreeChecker.Report> reports = new ArrayList<>();
        reports.add(claim(used, TreeChecker.check(directory), "<directory>"));
        for (String name : treeNames()) {
            reports.add(claim(used, TreeChecker.check((BTree) openTree(name)), name));
        }
        for (long free : allocator.freePages()) {
            if (!used.add(free)) {
                throw new IllegalStateException("page " + free + " is both free and in use");
            }
        }
        long count = allocator.pageCount();
        if (used.size() != count) {
            List<Long> leaked = new ArrayList<>();
            for (long p = 0; p < count && leaked.size() < 10; p++) {
                if (!used.contains(p)) {
                    leaked.add(p);
                }
            }
            throw new IllegalStateException((count - used.size()) + " page(s) leaked (neither used nor free), e.g. "
                    + leaked);
        }
        return new EngineCheck(count, allocator.freeCount(), reports);
    }

    private static TreeChecker.Report claim(Set<Long> used, TreeChecker.Report report, String name) {
        for (long page : report.pages()) {
            if (!used.add(page)) {
                throw new IllegalStateException("page " + page + " of tree '" + name + "' is used twice");
            }
        }
        return report;
    }

    /** What {@link #check()} found. */
    public record EngineCheck(long pageCount, long freePages, List<TreeChecker.Report> trees) {
    }

    public BufferPoolStats bufferPoolStats() {
        return pool.stats();
    }

    public long fileSizeBytes() {
        return file.sizeInBytes();
    }

    /** Makes every logged change durable, writes every dirty page and forces the file. */
    public void flush() {
        long end = wal.endLsn();
        if (end > wal.durableLsn()) {
            wal.flush(end - 1);
        }
        pool.flushAll();
    }

    /**
     * Hands every logged change to the operating system without forcing anything: the log
     * is written to its segment files, unsynced; pages stay in the pool for the flusher and
     * checkpoints. A process crash after this loses nothing (recovery replays the log), an
     * operating-system crash may lose the unsynced tail.
     */
    public void writeLog() {
        wal.write();
    }

    /** Writes every dirty page to the file without forcing it (an OS crash may still lose them). */
    public void writeBack() {
        pool.writeBackAll();
    }

    /** Stops background work, takes a final checkpoint (so the next open redoes nothing) and closes the files. */
    @Override
    public void close() {
        checkpointer.stop();
        try {
            checkpoint();
            pool.close();
        } catch (RuntimeException e) {
            pool.abandon(); // after a log failure: free the memory, write nothing (recovery rebuilds)
            throw e;
        } finally {
            try {
                wal.close();
            } finally {
                file.close();
            }
        }
    }
}
