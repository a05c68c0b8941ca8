package dev.writeback.core.error;

/** The request is well formed but its content cannot be used, e.g. a script with a syntax error. */
public class UnprocessableException extends WritebackException {
    public UnprocessableException(String message) {
        super(message);
    }

    public UnprocessableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 422;
    }

    @Override
    public String problemType() {
        return "unprocessable";
    }

    @Override
    public String title() {
        return "Unprocessable content";
    }
}
