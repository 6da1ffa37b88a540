package io.neuroquantum.storage.page;

/** A page read from disk whose checksum does not match its contents. The page is not used. */
public final class PageCorruptedException extends StorageException {

    private final long pageId;

    public PageCorruptedException(String file, long pageId, int expected, int actual) {
        super(String.format("checksum mismatch in %s page %d: stored 0x%08x, computed 0x%08x (the page is corrupt "
                + "or was never written)", file, pageId, expected, actual));
        this.pageId = pageId;
    }

    public long pageId() {
        return pageId;
    }
}
