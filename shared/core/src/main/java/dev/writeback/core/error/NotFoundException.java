package dev.writeback.core.error;

/** The thing asked for does not exist, or the caller may not know that it exists. */
public class NotFoundException extends WritebackException {
    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String problemType() {
        return "not-found";
    }

    @Override
    public String title() {
        return "Not found";
    }
}
