package io.neuroquantum.optimizer.model;

/** A model or problem that cannot be built: bad index, non-finite weight, size beyond a limit. */
public class InvalidModelException extends RuntimeException {

    public InvalidModelException(String message) {
        super(message);
    }
}
