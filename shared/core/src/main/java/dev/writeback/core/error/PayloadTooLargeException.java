package dev.writeback.core.error;

/** What the caller sent, or would have stored, is over a size limit (HTTP 413). */
public class PayloadTooLargeException extends WritebackException {
    public PayloadTooLargeException(String message) {
        super(message);
    }

    public PayloadTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 413;
    }

    @Override
    public String problemType() {
        return "payload-too-large";
    }

    @Override
    public String title() {
        return "Payload too large";
    }
}
