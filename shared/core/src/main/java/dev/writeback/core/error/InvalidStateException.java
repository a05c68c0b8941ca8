package dev.writeback.core.error;

/** The request is valid but not in the current state of the thing, e.g. editing a submitted connector. */
public class InvalidStateException extends WritebackException {
    public InvalidStateException(String message) {
        super(message);
    }

    public InvalidStateException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String problemType() {
        return "invalid-state";
    }

    @Override
    public String title() {
        return "Invalid state";
    }
}
