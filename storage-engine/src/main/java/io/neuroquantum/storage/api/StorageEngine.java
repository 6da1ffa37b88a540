package io.neuroquantum.storage.api;

import io.neuroquantum.storage.btree.BTree;
import io.neuroquantum.storage.btree.TreeChecker;
import io.neuroquantum.storage.buffer.BufferPool;
import io.neuroquantum.storage.buffer.BufferPoolStats;
import io.neuroquantum.storage.buffer.WriteAheadRule;
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
 * The embedded engine over one page file: named B+ trees, a buffer pool, page allocation.
 * A tree directory (itself a B+ tree, anchored in the file header) maps names to trees.
 *
 * <p>Durability in this version: pages reach the file through the background flusher,
 * eviction, {@link #flush()} and {@link #close()}. Without a write-ahead log a crash may
 * lose or tear recent changes; the WAL arrives with the next engine version.
 */
public final class StorageEngine implements AutoCloseable {

    private final PageFile file;
    private final BufferPool pool;
    private final PageAllocator allocator;
    private final BTree directory;
    private final ConcurrentHashMap<String, BTree> trees = new ConcurrentHashMap<>();

    private StorageEngine(PageFile file, BufferPool pool, PageAllocator allocator, BTree directory) {
        this.file = file;
        this.pool = pool;
        this.allocator = allocator;
        this.directory = directory;
    }

    /** Opens {@code path}, creating it (with the options' page size) if it does not exist. */
    public static StorageEngine open(Path path, EngineOptions options) {
        return open(path, options, WriteAheadRule.NONE);
    }

    public static StorageEngine open(Path path, EngineOptions options, WriteAheadRule walRule) {
        boolean exists = Files.exists(path);
        if (exists) {
            int pageSize = readPageSize(path);
            if (pageSize != options.pageSize()) {
                throw new StorageException(path + " has " + pageSize + "-byte pages, but " + options.pageSize()
                        + "-byte pages were requested");
            }
        }
        PageFile file = exists ? PageFile.open(path, options.pageSize()) : PageFile.create(path, options.pageSize());
        BufferPool pool = new BufferPool(file, options.bufferPoolBytes(), options.pinWait(), options.flushInterval(), walRule);
        try {
            PageAllocator allocator = new PageAllocator(pool, file);
            BTree directory;
            if (exists) {
                directory = BTree.open(pool, allocator, allocator.directoryPage());
            } else {
                PageAllocator.format(pool, file);
                directory = BTree.create(pool, allocator);
                allocator.setDirectoryPage(directory.metaPage());
                pool.flushAll();
            }
            return new StorageEngine(file, pool, allocator, directory);
        } catch (RuntimeException e) {
            pool.close();
            file.close();
            throw e;
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

    /** Creates a new, empty tree; fails if the name is taken. */
    public synchronized KvTree createTree(String name) {
        byte[] key = nameKey(name);
        if (directory.get(key) != null) {
            throw new IllegalStateException("tree '" + name + "' already exists");
        }
        BTree tree = BTree.create(pool, allocator);
        directory.put(key, ByteBuffer.allocate(8).putLong(tree.metaPage()).array());
        trees.put(name, tree);
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
        return Optional.of(trees.computeIfAbsent(name, n -> BTree.open(pool, allocator, ByteBuffer.wrap(meta).getLong())));
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

    /** Writes every dirty page and forces the file. */
    public void flush() {
        pool.flushAll();
    }

    /** Writes every dirty page to the file without forcing it (an OS crash may still lose them). */
    public void writeBack() {
        pool.writeBackAll();
    }

    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            file.close();
        }
    }
}
