package io.neuroquantum.storage.file;

import io.neuroquantum.storage.page.PageLayout;
import io.neuroquantum.storage.page.StorageException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file of fixed-size pages addressed by page number, with positional I/O that many
 * threads may use at once ({@link FileChannel} positional reads and writes do not share
 * a file pointer). Offsets are {@code long} everywhere: files beyond 2 and 10 GiB work.
 *
 * <p>The file grows in extents ({@link #EXTENT_BYTES} or an eighth of its size, whichever
 * is larger) so that allocation does not extend the file one page at a time. Growth
 * creates a sparse region; pages in it are never read before they are written (the
 * allocator hands out new pages as fresh frames).
 *
 * <p>This class knows nothing of page contents; {@link FileHeader} interprets page 0.
 */
public final class PageFile implements AutoCloseable {

    public static final long EXTENT_BYTES = 1L << 20;

    private final Path path;
    private final FileChannel channel;
    private final int pageSize;
    private final AtomicLong physicalPages;

    /**
     * Read-only mapping of the file, so that reading a page the OS has cached is a memory
     * copy instead of a system call. Writes still go through {@link FileChannel#write}
     * (Linux keeps both views coherent through the page cache). When the file has grown
     * past the mapping, the next read beyond it maps the file again; older mappings stay
     * valid (their arenas are closed with the file) because other threads may still copy
     * from them. The file is never truncated, so a mapped page never vanishes.
     */
    private volatile MemorySegment mapping = MemorySegment.NULL;
    private final List<Arena> mappingArenas = new ArrayList<>();

    private PageFile(Path path, FileChannel channel, int pageSize) throws IOException {
        this.path = path;
        this.channel = channel;
        this.pageSize = pageSize;
        this.physicalPages = new AtomicLong(channel.size() / pageSize);
    }

    /** Opens an existing file whose page size was read from its header. */
    public static PageFile open(Path path, int pageSize) {
        PageLayout.checkPageSize(pageSize);
        try {
            return new PageFile(path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE), pageSize);
        } catch (IOException e) {
            throw new StorageException("cannot open page file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Creates a new, empty file; fails if it exists. */
    public static PageFile create(Path path, int pageSize) {
        PageLayout.checkPageSize(pageSize);
        try {
            return new PageFile(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), pageSize);
        } catch (IOException e) {
            throw new StorageException("cannot create page file " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    public int pageSize() {
        return pageSize;
    }

    /** Reads page {@code pageId} into {@code dst} (exactly one page long). */
    public void read(long pageId, MemorySegment dst) {
        long pos = offset(pageId);
        MemorySegment map = mapping;
        if (pos + pageSize > map.byteSize() && pos + pageSize <= physicalPages.get() * pageSize) {
            map = remap();
        }
        if (pos + pageSize <= map.byteSize()) {
            MemorySegment.copy(map, pos, dst, 0, pageSize);
            return;
        }
        ByteBuffer buf = dst.asByteBuffer();
        try {
            while (buf.hasRemaining()) {
                int n = channel.read(buf, pos + buf.position());
                if (n < 0) {
                    throw new StorageException("page " + pageId + " lies beyond the end of " + path
                            + " (" + channel.size() + " bytes)");
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot read page " + pageId + " of " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code src} (exactly one page long) as page {@code pageId}. Not durable until {@link #force()}. */
    public void write(long pageId, MemorySegment src) {
        ByteBuffer buf = src.asByteBuffer();
        long pos = offset(pageId);
        try {
            while (buf.hasRemaining()) {
                channel.write(buf, pos + buf.position());
            }
        } catch (IOException e) {
            throw new StorageException("cannot write page " + pageId + " of " + path + ": " + e.getMessage(), e);
        }
        physicalPages.accumulateAndGet(pageId + 1, Math::max);
    }

    /**
     * Makes sure pages {@code [0, pages)} lie inside the file, growing it by at least one
     * extent. The new region is sparse.
     */
    public void ensureCapacity(long pages) {
        long have = physicalPages.get();
        if (pages <= have) {
            return;
        }
        synchronized (this) {
            have = physicalPages.get();
            if (pages <= have) {
                return;
            }
            long extentPages = Math.max(EXTENT_BYTES / pageSize, have / 8);
            long target = Math.max(pages, have + extentPages);
            try {
                // Writing the last byte extends the file without allocating the hole.
                channel.write(ByteBuffer.wrap(new byte[1]), target * pageSize - 1);
            } catch (IOException e) {
                throw new StorageException("cannot grow " + path + " to " + target * pageSize + " bytes: "
                        + e.getMessage(), e);
            }
            physicalPages.accumulateAndGet(target, Math::max);
        }
    }

    private synchronized MemorySegment remap() {
        try {
            long size = channel.size();
            if (size > mapping.byteSize()) {
                Arena arena = Arena.ofShared();
                mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
                mappingArenas.add(arena);
            }
            return mapping;
        } catch (IOException e) {
            throw new StorageException("cannot map " + path + ": " + e.getMessage(), e);
        }
    }

    /** Forces written pages to the device. */
    public void force() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new StorageException("cannot sync " + path + ": " + e.getMessage(), e);
        }
    }

    public long sizeInBytes() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new StorageException("cannot stat " + path + ": " + e.getMessage(), e);
        }
    }

    private long offset(long pageId) {
        if (pageId < 0) {
            throw new IllegalArgumentException("negative page id " + pageId);
        }
        return pageId * pageSize;
    }

    @Override
    public void close() {
        synchronized (this) {
            mapping = MemorySegment.NULL;
            mappingArenas.forEach(Arena::close);
            mappingArenas.clear();
        }
        try {
            channel.close();
        } catch (IOException e) {
            throw new StorageException("cannot close " + path + ": " + e.getMessage(), e);
        }
    }
}
