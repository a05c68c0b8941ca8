package dev.writeback.local.client;

/** A Writeback API call that answered with a problem; the message is the problem's detail. */
public final class ApiCallException extends RuntimeException {
    private final int status;

    public ApiCallException(String call, int status, String detail) {
        super(call + " → HTTP " + status + ": " + detail);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
