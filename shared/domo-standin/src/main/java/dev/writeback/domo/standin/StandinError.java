package dev.writeback.domo.standin;

/** A failure the stand-in answers with Domo's error body {@code {status, statusReason, message, toe}}. */
public class StandinError extends RuntimeException {
    private final int status;
    private final String statusReason;

    public StandinError(int status, String statusReason, String message) {
        super(message);
        this.status = status;
        this.statusReason = statusReason;
    }

    public int status() {
        return status;
    }

    public String statusReason() {
        return statusReason;
    }
}
