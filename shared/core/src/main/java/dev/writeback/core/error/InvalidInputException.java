package dev.writeback.core.error;

/** The request is malformed or a value is out of range. */
public class InvalidInputException extends WritebackException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String problemType() {
        return "invalid-input";
    }

    @Override
    public String title() {
        return "Invalid input";
    }
}
