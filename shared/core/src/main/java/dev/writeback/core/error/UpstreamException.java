package dev.writeback.core.error;

/** A system we depend on (Domo, an OAuth provider, a third-party store) failed or refused. */
public class UpstreamException extends WritebackException {
    public UpstreamException(String message) {
        super(message);
    }

    public UpstreamException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 502;
    }

    @Override
    public String problemType() {
        return "upstream-failure";
    }

    @Override
    public String title() {
        return "Upstream failure";
    }
}
