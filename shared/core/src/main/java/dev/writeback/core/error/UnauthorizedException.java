package dev.writeback.core.error;

/** The caller did not say who they are. */
public class UnauthorizedException extends WritebackException {
    public UnauthorizedException(String message) {
        super(message);
    }

    public UnauthorizedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 401;
    }

    @Override
    public String problemType() {
        return "unauthorized";
    }

    @Override
    public String title() {
        return "Unauthorized";
    }
}
