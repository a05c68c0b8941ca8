package dev.writeback.core.error;

/** The caller must accept the current user agreement before doing this. */
public class AgreementRequiredException extends ForbiddenException {
    public AgreementRequiredException(String message) {
        super(message);
    }

    @Override
    public String problemType() {
        return "agreement-required";
    }

    @Override
    public String title() {
        return "User agreement not accepted";
    }
}
