package dev.writeback.core.error;

/**
 * Base of every failure that has a meaning for the caller. Each subclass is one meaning and maps
 * to one HTTP status and problem type (RFC 9457); anything else reaching a handler is a bug.
 */
public abstract class WritebackException extends RuntimeException {
    protected WritebackException(String message) {
        super(message);
    }

    protected WritebackException(String message, Throwable cause) {
        super(message, cause);
    }

    /** HTTP status this failure maps to. */
    public abstract int status();

    /** Short, stable problem type slug, e.g. {@code not-found}. */
    public abstract String problemType();

    /** Human title for the problem type. */
    public abstract String title();
}
