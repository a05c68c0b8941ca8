package dev.writeback.core.error;

/** A conditional write lost: the item exists already or changed since it was read. */
public class ConflictException extends WritebackException {
    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String problemType() {
        return "conflict";
    }

    @Override
    public String title() {
        return "Conflict";
    }
}
