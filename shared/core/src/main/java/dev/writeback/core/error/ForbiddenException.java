package dev.writeback.core.error;

/** The caller is known but may not do this. */
public class ForbiddenException extends WritebackException {
    public ForbiddenException(String message) {
        super(message);
    }

    public ForbiddenException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 403;
    }

    @Override
    public String problemType() {
        return "forbidden";
    }

    @Override
    public String title() {
        return "Forbidden";
    }
}
