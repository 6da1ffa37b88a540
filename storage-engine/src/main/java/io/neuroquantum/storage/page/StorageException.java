package io.neuroquantum.storage.page;

/** Base of the engine's own errors: the message always says which file/page/tree is involved. */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
